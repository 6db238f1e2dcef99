import { DataError } from '../data-error.js';
import { batchOrder, type BatchOrderOptions } from './batch-order.js';
import { padBatch, type Batch } from './pad-batch.js';

export interface EncodedDataset {
  inputIds: number[][];
  labels: number[];
}

export interface BatchIteratorOptions extends BatchOrderOptions {
  /** Id written into padding positions; BERT's [PAD] is 0. */
  padTokenId?: number;
}

/** A training batch: labelled, with the indices into the encoded list of its rows (in batch order). */
export type EpochBatch = Batch & { labels: Int32Array; rows: Int32Array };

/** Batches of one epoch for one replica, in an order fixed by (seed, epoch). */
export function* batchIterator(encoded: EncodedDataset, opts: BatchIteratorOptions): Generator<EpochBatch> {
  if (encoded.labels.length !== encoded.inputIds.length) {
    throw new DataError(`batchIterator: ${encoded.inputIds.length} encoded rows but ${encoded.labels.length} labels`);
  }
  const lengths = encoded.inputIds.map((ids) => ids.length);
  const pad = { padTokenId: opts.padTokenId ?? 0 };
  for (const rows of batchOrder(lengths, opts)) {
    yield { ...padBatch(encoded.inputIds, rows, pad), labels: Int32Array.from(rows, (r) => encoded.labels[r]!), rows: Int32Array.from(rows) };
  }
}
