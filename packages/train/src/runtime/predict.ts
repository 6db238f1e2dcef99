// The one scoring path: logits of tokenized rows for the trainer's evaluations and `bertfit infer`
// alike. Rows are batched by length (data's lengthBatches, so padding stays small) and the logits
// come back in input order.
import { BertfitError } from '@bertfit/core';
import { lengthBatches, padBatch, type Batch } from '@bertfit/data';

/** Something that runs one forward batch: the trainer's eval session, or infer's classifier sessions. */
export interface LogitsRunner {
  /** Batches it can run at once (a pool of sessions); default 1. */
  readonly concurrency?: number;
  /** Logits [batch.size × labels], row i for batch row i. */
  logits(batch: Batch): Promise<Float32Array>;
}

export interface PredictOptions {
  batchSize: number;
  numLabels: number;
  /** Id written into padding positions (default 0, BERT's [PAD]). */
  padTokenId?: number;
  /** Token type ids per row (default all 0). */
  typeIds?: readonly (readonly number[])[];
  /** Called after each batch with the rows done so far. */
  onProgress?: (done: number, total: number) => void;
}

/** Logits [ids.length × numLabels], row i for ids[i]. */
export async function predict(runner: LogitsRunner, ids: readonly (readonly number[])[], opts: PredictOptions): Promise<Float32Array> {
  const C = opts.numLabels;
  const out = new Float32Array(ids.length * C);
  const batches = lengthBatches(
    ids.map((s) => s.length),
    opts.batchSize,
  );
  const pad = { padTokenId: opts.padTokenId ?? 0, ...(opts.typeIds ? { typeIds: opts.typeIds } : {}) };
  let next = 0;
  let done = 0;
  let failed = false;
  // One lane per batch the runner can take at once; each lane takes the next batch when its own is done.
  const lane = async (): Promise<void> => {
    while (next < batches.length && !failed) {
      const rows = batches[next++]!;
      const logits = await runner.logits(padBatch(ids, rows, pad));
      if (logits.length !== rows.length * C) {
        throw new BertfitError(`predict: the model returned ${logits.length} logits for ${rows.length} rows, expected ${C} per row`);
      }
      rows.forEach((row, r) => out.set(logits.subarray(r * C, (r + 1) * C), row * C));
      done += rows.length;
      opts.onProgress?.(done, ids.length);
    }
  };
  // A failing lane stops the others from taking new batches.
  const guarded = (): Promise<void> =>
    lane().catch((err: unknown) => {
      failed = true;
      throw err;
    });
  await Promise.all(Array.from({ length: Math.min(runner.concurrency ?? 1, batches.length) }, guarded));
  return out;
}
