// How a global micro-batch is split across data-parallel replicas. The trainer batches the epoch in
// global micro-batches of perDeviceBatchSize × replicas rows (so dropLast drops an incomplete
// *global* batch, and every replica gets the same number of full batches, as HF/accelerate's
// DDP sampling does); replica r takes a contiguous block of rows, padded to the global batch's
// length so its dropout masks are exactly the global mask's rows (dropout-masks.ts).
import type { Batch } from '@bertfit/data';

/** One replica's rows of a global micro-batch: [row, row + batch.size). */
export interface Shard {
  /** First row of this shard in the global micro-batch (picks its dropout-mask rows). */
  row: number;
  batch: Batch;
}

/** Rows per global micro-batch: what the trainer's batch iterator is asked for. */
export function globalBatchSize(perDeviceBatchSize: number, replicas: number): number {
  return perDeviceBatchSize * replicas;
}

/**
 * Replica r of `replicas` gets rows [r·per, (r+1)·per) with per = ceil(size / replicas): exactly
 * perDeviceBatchSize for a full global batch. A short last batch (dropLast off) is split as evenly as
 * that allows, and a replica past its end gets an empty shard (null): it computes nothing. Arrays
 * are copies of their own, so they can be transferred to a worker thread.
 */
export function shardBatch(batch: Batch, replicas: number): (Shard | null)[] {
  const per = Math.ceil(batch.size / replicas);
  const T = batch.seqLen;
  return Array.from({ length: replicas }, (_, r) => {
    const row = r * per;
    const end = Math.min(batch.size, row + per);
    if (row >= end) return null;
    const rows = (a: Int32Array, width: number): Int32Array => a.slice(row * width, end * width);
    const shard: Batch = {
      size: end - row,
      seqLen: T,
      inputIds: rows(batch.inputIds, T),
      attentionMask: rows(batch.attentionMask, T),
      tokenTypeIds: rows(batch.tokenTypeIds, T),
      ...(batch.labels ? { labels: rows(batch.labels, 1) } : {}),
    };
    return { row, batch: shard };
  });
}
