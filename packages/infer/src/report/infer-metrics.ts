// The metrics an inference run reports (the names the trainer logs), the same summary the trainer's evaluations use.
import { classificationSummary, type ClassificationSummary } from '@bertfit/train';

/** metrics.json: the trainer's classification summary of the scored rows, plus timing. */
export interface InferMetrics extends ClassificationSummary {
  labels: string[];
  /** Wall time of tokenization + inference. */
  seconds: number;
  samples_per_second: number;
}

/** What the orchestrator reads from `--result <file>`. */
export interface InferResult {
  accuracy: number;
  f1_macro: number;
  precision_macro: number;
  recall_macro: number;
  f1_weighted: number;
  n: number;
  seconds: number;
  samples_per_second: number;
}

export function inferMetrics(yTrue: number[], yPred: number[], labels: string[], seconds: number): InferMetrics {
  return {
    ...classificationSummary(yTrue, yPred, labels),
    labels,
    seconds,
    samples_per_second: seconds > 0 ? yTrue.length / seconds : 0,
  };
}

export function toResult(m: InferMetrics): InferResult {
  return {
    accuracy: m.accuracy,
    f1_macro: m.f1_macro,
    precision_macro: m.precision_macro,
    recall_macro: m.recall_macro,
    f1_weighted: m.f1_weighted,
    n: m.n,
    seconds: m.seconds,
    samples_per_second: m.samples_per_second,
  };
}
