import { DataError } from '../data-error.js';
import { batchOrder, type BatchOrderOptions } from './batch-order.js';

/** One padded batch, row-major [size, seqLen]. */
export interface Batch {
  size: number;
  /** Longest row of this batch (dynamic padding). */
  seqLen: number;
  inputIds: Int32Array;
  /** 1 = real token, 0 = padding. */
  attentionMask: Int32Array;
  /** All 0: single-sequence classification. */
  tokenTypeIds: Int32Array;
  labels: Int32Array;
  /** Indices into the encoded list, so predictions map back to examples. */
  rows: Int32Array;
}

export interface EncodedDataset {
  inputIds: number[][];
  labels: number[];
}

export interface BatchIteratorOptions extends BatchOrderOptions {
  /** Id written into padding positions; BERT's [PAD] is 0. */
  padTokenId?: number;
}

/** Batches of one epoch for one replica, in an order fixed by (seed, epoch). */
export function* batchIterator(encoded: EncodedDataset, opts: BatchIteratorOptions): Generator<Batch> {
  if (encoded.labels.length !== encoded.inputIds.length) {
    throw new DataError(`batchIterator: ${encoded.inputIds.length} encoded rows but ${encoded.labels.length} labels`);
  }
  const lengths = encoded.inputIds.map((ids) => ids.length);
  for (const rows of batchOrder(lengths, opts)) yield pad(encoded, rows, opts.padTokenId ?? 0);
}

function pad(encoded: EncodedDataset, rows: number[], padTokenId: number): Batch {
  const size = rows.length;
  let seqLen = 0;
  for (const r of rows) seqLen = Math.max(seqLen, encoded.inputIds[r]!.length);
  const inputIds = new Int32Array(size * seqLen).fill(padTokenId);
  const attentionMask = new Int32Array(size * seqLen);
  const labels = new Int32Array(size);
  rows.forEach((r, i) => {
    const ids = encoded.inputIds[r]!;
    inputIds.set(ids, i * seqLen);
    attentionMask.fill(1, i * seqLen, i * seqLen + ids.length);
    labels[i] = encoded.labels[r]!;
  });
  return { size, seqLen, inputIds, attentionMask, tokenTypeIds: new Int32Array(size * seqLen), labels, rows: Int32Array.from(rows) };
}
