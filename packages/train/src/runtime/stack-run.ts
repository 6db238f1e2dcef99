// One resident run's micro-batches as the resident graph reads them, stacked [K steps, A micro, …]:
// every batch padded to the run's longest seqLen (pad id, attention mask 0, token type 0), and each
// dropout mask drawn at its batch's own length, exactly as the ordinary path draws it, then placed into
// the padded layout (padded positions keep; attention masks them out, so their mask never matters).
import { BertfitError } from '@bertfit/core';
import type { Batch } from '@bertfit/data';
import type { DropoutSite } from '../models/bert-graph.js';
import { dropoutKey, fillKeepMask } from './dropout-masks.js';

export interface StackedRun {
  steps: number;
  accumulation: number;
  /** Rows per micro-batch (the same in every one). */
  size: number;
  /** The longest micro-batch's seqLen; the others are padded to it. */
  seqLen: number;
  inputIds: BigInt64Array;
  attentionMask: BigInt64Array;
  tokenTypeIds: BigInt64Array;
  labels: BigInt64Array;
}

/** Stacks K groups of A micro-batches (every group A long, every batch the same size, with labels). */
export function stackRun(groups: readonly (readonly Batch[])[], padTokenId: number): StackedRun {
  const first = groups[0]?.[0];
  if (!first) throw new BertfitError('stackRun: no micro-batches');
  const [K, A, B] = [groups.length, groups[0]!.length, first.size];
  groups.forEach((grp, k) => {
    if (grp.length !== A) throw new BertfitError(`stackRun: step ${k} has ${grp.length} micro-batches, step 0 has ${A}`);
    grp.forEach((b, a) => {
      if (b.size !== B) throw new BertfitError(`stackRun: micro-batch ${a} of step ${k} has ${b.size} rows, expected ${B} like the first`);
      if (!b.labels || b.labels.length !== B) throw new BertfitError(`stackRun: micro-batch ${a} of step ${k} needs ${B} labels`);
    });
  });
  const T = Math.max(...groups.flat().map((b) => b.seqLen));
  const run: StackedRun = {
    steps: K,
    accumulation: A,
    size: B,
    seqLen: T,
    inputIds: new BigInt64Array(K * A * B * T).fill(BigInt(padTokenId)),
    attentionMask: new BigInt64Array(K * A * B * T),
    tokenTypeIds: new BigInt64Array(K * A * B * T),
    labels: new BigInt64Array(K * A * B),
  };
  groups.flat().forEach((b, i) => {
    for (let r = 0; r < B; r++) {
      const dst = (i * B + r) * T;
      for (let t = 0; t < b.seqLen; t++) {
        const src = r * b.seqLen + t;
        run.inputIds[dst + t] = BigInt(b.inputIds[src]!);
        run.attentionMask[dst + t] = BigInt(b.attentionMask[src]!);
        run.tokenTypeIds[dst + t] = BigInt(b.tokenTypeIds[src]!);
      }
      run.labels[i * B + r] = BigInt(b.labels![r]!);
    }
  });
  return run;
}

/** A site's mask dims with 'batch*seq' split into [batch, seq], so padding seq is a box copy. */
function logicalDims(site: DropoutSite, batch: number, seq: number): number[] {
  return site.shape.flatMap((d) => {
    if (typeof d === 'number') return [d];
    if (d === 'batch') return [batch];
    if (d === 'seq') return [seq];
    if (d === 'batch*seq') return [batch, seq];
    throw new BertfitError(`dropout site ${site.name}: unknown dim '${d}'`);
  });
}

const count = (dims: readonly number[]): number => dims.reduce((a, b) => a * b, 1);

/** Copies the row-major box `src` (dims `from`) into the corner of `dst` (dims `to`, each ≥). */
function copyBox(src: Uint8Array, from: readonly number[], dst: Uint8Array, to: readonly number[], at: number): void {
  if (from.length === 1) {
    dst.set(src.subarray(0, from[0]!), at);
    return;
  }
  const [srcStride, dstStride] = [count(from.slice(1)), count(to.slice(1))];
  for (let i = 0; i < from[0]!; i++) copyBox(src.subarray(i * srcStride), from.slice(1), dst, to.slice(1), at + i * dstStride);
}

/** Each site's keep-mask, [K, A, …site at the padded seqLen]; step k of the run is optimizer step `step0 + k`. */
export function stackMasks(sites: readonly DropoutSite[], groups: readonly (readonly Batch[])[], run: StackedRun, seed: number, step0: number): Uint8Array[] {
  return sites.map((site, siteIndex) => {
    const to = logicalDims(site, run.size, run.seqLen);
    const per = count(to);
    const out = new Uint8Array(run.steps * run.accumulation * per).fill(1);
    groups.forEach((grp, k) =>
      grp.forEach((b, a) => {
        const from = logicalDims(site, b.size, b.seqLen);
        const own = new Uint8Array(count(from));
        fillKeepMask(own, dropoutKey(seed, step0 + k, a, siteIndex), site.ratio);
        copyBox(own, from, out, to, (k * run.accumulation + a) * per);
      }),
    );
    return out;
  });
}
