// Batches of similar length for scoring (evaluation and inference): sort by token count and cut, so
// each batch pads only to its own longest row. Each batch lists the original indices of its rows,
// so results go back in input order.
import { DataError } from '../data-error.js';

/**
 * The rows of each batch: sorted shortest first (equal lengths in input order) and cut from the
 * front, as the trainer's evaluation always batched (its logits depend on each batch's padding and
 * rows, so this keeps them bit-identical); handed out last batch first, so the full batches of the
 * longest rows come right after the (possibly short) remainder batch, near the start of a run.
 */
export function lengthBatches(lengths: readonly number[], batchSize: number): number[][] {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new DataError(`lengthBatches: batchSize must be a positive integer, got ${batchSize}`);
  const order = lengths.map((_, i) => i).sort((a, b) => lengths[a]! - lengths[b]! || a - b);
  const out: number[][] = [];
  for (let s = 0; s < order.length; s += batchSize) out.push(order.slice(s, s + batchSize));
  return out.reverse();
}
