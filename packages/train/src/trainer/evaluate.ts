import { batchIterator, type EncodedDataset } from '@bertfit/data';
import type { BertRuntime } from '../runtime/bert-runtime.js';
import type { ParamStore } from '../runtime/param-store.js';
import { evalMetrics, type EvalMetrics } from './eval-metrics.js';

/** Logits of every row, in the dataset's order; batches are sorted by length so padding stays small. */
export async function predictLogits(runtime: Pick<BertRuntime, 'evaluate'>, store: ParamStore, data: EncodedDataset, batchSize: number, numLabels: number): Promise<Float32Array> {
  const order = data.inputIds.map((_, i) => i).sort((a, b) => data.inputIds[a]!.length - data.inputIds[b]!.length);
  const sorted: EncodedDataset = { inputIds: order.map((i) => data.inputIds[i]!), labels: order.map((i) => data.labels[i]!) };
  const logits = new Float32Array(data.labels.length * numLabels);
  const batches = batchIterator(sorted, { batchSize, shuffle: false, seed: 0, epoch: 0, dropLast: false, groupByLength: false });
  for (const batch of batches) {
    const out = await runtime.evaluate(store, batch);
    batch.rows.forEach((sortedRow, i) => logits.set(out.subarray(i * numLabels, (i + 1) * numLabels), order[sortedRow]! * numLabels));
  }
  return logits;
}

export async function evaluateSplit(
  runtime: Pick<BertRuntime, 'evaluate'>,
  store: ParamStore,
  data: EncodedDataset,
  opts: { batchSize: number; labels: readonly string[]; classWeights: ArrayLike<number> },
): Promise<EvalMetrics & { runtime_s: number; samples_per_second: number }> {
  const start = performance.now();
  const logits = await predictLogits(runtime, store, data, opts.batchSize, opts.labels.length);
  const seconds = (performance.now() - start) / 1000;
  const metrics = evalMetrics(logits, data.labels, opts.labels, Array.from(opts.classWeights));
  return { ...metrics, runtime_s: seconds, samples_per_second: data.labels.length / seconds };
}
