import { DataError } from '../data-error.js';
import { Rng, range } from '../rng.js';

export interface BatchOrderOptions {
  /** Rows per batch (per replica when sharded). */
  batchSize: number;
  /** Shuffle rows each epoch; the order depends on (seed, epoch) only. */
  shuffle: boolean;
  seed: number;
  /** 0-based epoch; a resumed run passes the same epoch and skips the batches it has done. */
  epoch: number;
  /** Drop the last incomplete batch (of each replica). */
  dropLast: boolean;
  /** Put rows of similar length together (HF `group_by_length`): less padding, still shuffled. */
  groupByLength: boolean;
  /** Data-parallel replica `index` of `count`: takes every count-th global batch. */
  shard?: { index: number; count: number };
}

export function checkBatchOptions(opts: BatchOrderOptions): void {
  if (!Number.isInteger(opts.batchSize) || opts.batchSize < 1) throw new DataError(`batchIterator: batchSize must be a positive integer, got ${opts.batchSize}`);
  if (!Number.isInteger(opts.epoch) || opts.epoch < 0) throw new DataError(`batchIterator: epoch must be an integer ≥ 0, got ${opts.epoch}`);
  const shard = opts.shard;
  if (shard && !(Number.isInteger(shard.count) && shard.count >= 1 && Number.isInteger(shard.index) && shard.index >= 0 && shard.index < shard.count)) {
    throw new DataError(`batchIterator: shard must have 0 ≤ index < count, got index ${shard.index} of count ${shard.count}`);
  }
}

/**
 * The rows of each batch this replica sees in one epoch. Global batches of `batchSize · count` rows
 * are formed first and split across replicas, so every replica gets the same number of batches (an
 * all-reduce needs that) and the replicas together see each row of the epoch once.
 */
export function batchOrder(lengths: ArrayLike<number>, opts: BatchOrderOptions): number[][] {
  checkBatchOptions(opts);
  const n = lengths.length;
  const count = opts.shard?.count ?? 1;
  const index = opts.shard?.index ?? 0;
  let rows = range(n);
  if (opts.shuffle) new Rng(opts.seed, opts.epoch).shuffle(rows);
  if (opts.groupByLength) rows = groupByLength(rows, lengths, opts.batchSize * count);
  const global = opts.batchSize * count;
  const nGlobal = opts.dropLast ? Math.floor(n / global) : Math.ceil(n / global);
  const batches: number[][] = [];
  for (let g = 0; g < nGlobal; g++) {
    const chunk = rows.slice(g * global, (g + 1) * global);
    // Without dropLast the last, short global batch is dealt out evenly; a replica whose share is
    // empty gets one batch fewer (numBatches says so), rather than repeated rows.
    const per = Math.ceil(chunk.length / count);
    const mine = chunk.slice(index * per, (index + 1) * per);
    if (mine.length > 0) batches.push(mine);
  }
  return batches;
}

/**
 * HF's LengthGroupedSampler: the (shuffled) rows cut into megabatches of up to 50 batches, each
 * sorted longest first (stable, so ties keep the shuffled order), and the longest row of all
 * swapped to the very front so an out-of-memory batch shows up at step one.
 */
function groupByLength(rows: number[], lengths: ArrayLike<number>, batch: number): number[] {
  const mult = Math.max(1, Math.min(Math.floor(rows.length / (batch * 4)), 50));
  const mega = batch * mult;
  const out: number[] = [];
  let longestStart = 0;
  for (let s = 0; s < rows.length; s += mega) {
    const part = rows.slice(s, s + mega).sort((a, b) => lengths[b]! - lengths[a]!);
    if (lengths[part[0]!]! > lengths[out[longestStart] ?? part[0]!]!) longestStart = s;
    out.push(...part);
  }
  if (longestStart > 0) [out[0], out[longestStart]] = [out[longestStart]!, out[0]!];
  return out;
}

/** Batches per epoch for one replica, as batchOrder yields them. */
export function numBatches(n: number, opts: Pick<BatchOrderOptions, 'batchSize' | 'dropLast' | 'shard'>): number {
  const count = opts.shard?.count ?? 1;
  const global = opts.batchSize * count;
  checkBatchOptions({ ...opts, shuffle: false, seed: 0, epoch: 0, groupByLength: false });
  if (opts.dropLast) return Math.floor(n / global);
  return Math.ceil(n / global) - (lastShareEmpty(n, global, count, opts.shard?.index ?? 0) ? 1 : 0);
}

function lastShareEmpty(n: number, global: number, count: number, index: number): boolean {
  const rest = n % global;
  if (rest === 0) return false;
  const per = Math.ceil(rest / count);
  return index * per >= rest;
}
