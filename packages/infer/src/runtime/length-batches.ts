// Batches of similar length: sort by token count, cut into batches, pad each only to its own longest
// row (dynamic padding). `rows` keeps each batch's original indices so results go back in input order.
import type { BatchInputs } from './batch-scorer.js';

export interface LengthBatch {
  /** Original indices of the rows, in batch order. */
  rows: number[];
  /** Padded length of this batch. */
  length: number;
}

/** Longest first, so a batch that does not fit in memory fails at once; ties keep input order. */
export function lengthBatches(lengths: readonly number[], batchSize: number): LengthBatch[] {
  const order = lengths.map((_, i) => i).sort((a, b) => lengths[b]! - lengths[a]! || a - b);
  const out: LengthBatch[] = [];
  for (let s = 0; s < order.length; s += batchSize) {
    const rows = order.slice(s, s + batchSize);
    out.push({ rows, length: lengths[rows[0]!]! });
  }
  return out;
}

/**
 * int64 input_ids / attention_mask / token_type_ids [rows, length] for one batch; token types are 0
 * (single sequences) unless `typeIds` gives them per token.
 */
export function batchInputs(
  ids: readonly (readonly number[])[],
  batch: LengthBatch,
  padId: number,
  typeIds?: readonly (readonly number[])[],
): BatchInputs {
  const n = batch.rows.length;
  const L = batch.length;
  const inputIds = new BigInt64Array(n * L).fill(BigInt(padId));
  const mask = new BigInt64Array(n * L);
  const types = new BigInt64Array(n * L);
  batch.rows.forEach((row, r) => {
    const seq = ids[row]!;
    const ty = typeIds?.[row];
    for (let t = 0; t < seq.length; t++) {
      inputIds[r * L + t] = BigInt(seq[t]!);
      mask[r * L + t] = 1n;
      if (ty) types[r * L + t] = BigInt(ty[t]!);
    }
  });
  return { dims: [n, L], inputs: { input_ids: inputIds, attention_mask: mask, token_type_ids: types } };
}
