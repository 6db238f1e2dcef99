// The one padded batch type: what the training runtime's sessions and infer's classifier are fed.
import { DataError } from '../data-error.js';

/** One padded batch, row-major [size, seqLen]. */
export interface Batch {
  size: number;
  /** Longest row of this batch (dynamic padding). */
  seqLen: number;
  inputIds: Int32Array;
  /** 1 = real token, 0 = padding. */
  attentionMask: Int32Array;
  /** 0 for single-sequence classification unless type ids are given per token. */
  tokenTypeIds: Int32Array;
  /** One per row, for training; scoring needs none (batchIterator adds them, padBatch does not). */
  labels?: Int32Array;
}

export interface PadOptions {
  /** Id written into padding positions; BERT's [PAD] is 0. */
  padTokenId?: number;
  /** Token type ids of the whole list, one per token (default all 0). */
  typeIds?: readonly (readonly number[])[];
}

/** Rows `rows` of `ids`, each padded to the longest of them. */
export function padBatch(ids: readonly (readonly number[])[], rows: readonly number[], opts: PadOptions = {}): Batch {
  const size = rows.length;
  let seqLen = 0;
  for (const r of rows) {
    const seq = ids[r];
    if (seq === undefined) throw new DataError(`padBatch: row ${r} is outside the ${ids.length} encoded rows`);
    seqLen = Math.max(seqLen, seq.length);
  }
  const inputIds = new Int32Array(size * seqLen).fill(opts.padTokenId ?? 0);
  const attentionMask = new Int32Array(size * seqLen);
  const tokenTypeIds = new Int32Array(size * seqLen);
  rows.forEach((r, i) => {
    const seq = ids[r]!;
    inputIds.set(seq, i * seqLen);
    attentionMask.fill(1, i * seqLen, i * seqLen + seq.length);
    const types = opts.typeIds?.[r];
    if (types) tokenTypeIds.set(types.slice(0, seq.length), i * seqLen);
  });
  return { size, seqLen, inputIds, attentionMask, tokenTypeIds };
}
