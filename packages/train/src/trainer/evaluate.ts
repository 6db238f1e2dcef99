import type { Batch, EncodedDataset } from '@bertfit/data';
import type { BertRuntime } from '../runtime/bert-runtime.js';
import type { ParamStore } from '../runtime/param-store.js';
import { predict } from '../runtime/predict.js';
import { evalMetrics, type EvalMetrics } from './eval-metrics.js';

export async function evaluateSplit(
  runtime: Pick<BertRuntime, 'evaluate'>,
  store: ParamStore,
  data: EncodedDataset,
  opts: { batchSize: number; labels: readonly string[]; classWeights: ArrayLike<number> },
): Promise<EvalMetrics & { runtime_s: number; samples_per_second: number }> {
  const start = performance.now();
  const runner = { logits: (batch: Batch) => runtime.evaluate(store, batch) };
  const logits = await predict(runner, data.inputIds, { batchSize: opts.batchSize, numLabels: opts.labels.length });
  const seconds = (performance.now() - start) / 1000;
  const metrics = evalMetrics(logits, data.labels, opts.labels, Array.from(opts.classWeights));
  return { ...metrics, runtime_s: seconds, samples_per_second: data.labels.length / seconds };
}
