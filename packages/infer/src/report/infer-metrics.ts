// The metrics an inference run reports (names as in DESIGN.md), computed by @bertfit/metrics.
import { accuracyScore, confusionMatrix, precisionRecallFscoreSupport } from '@bertfit/metrics';

export interface ClassMetrics {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface InferMetrics {
  n: number;
  accuracy: number;
  precision_macro: number;
  recall_macro: number;
  f1_macro: number;
  precision_weighted: number;
  recall_weighted: number;
  f1_weighted: number;
  per_class: Record<string, ClassMetrics>;
  /** Rows = true label, columns = predicted, in `labels` order. */
  confusion_matrix: number[][];
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
  samplesPerSecond: number;
}

export function inferMetrics(yTrue: number[], yPred: number[], labels: string[], seconds: number): InferMetrics {
  const ids = labels.map((_, i) => i);
  const opts = { labels: ids, zeroDivision: 0 } as const;
  const macro = precisionRecallFscoreSupport(yTrue, yPred, { ...opts, average: 'macro' });
  const weighted = precisionRecallFscoreSupport(yTrue, yPred, { ...opts, average: 'weighted' });
  const per = precisionRecallFscoreSupport(yTrue, yPred, { ...opts, average: null });
  const perClass: Record<string, ClassMetrics> = {};
  labels.forEach((name, i) => {
    perClass[name] = { precision: per.precision[i]!, recall: per.recall[i]!, f1: per.f1[i]!, support: per.support[i]! };
  });
  return {
    n: yTrue.length,
    accuracy: accuracyScore(yTrue, yPred),
    precision_macro: macro.precision,
    recall_macro: macro.recall,
    f1_macro: macro.f1,
    precision_weighted: weighted.precision,
    recall_weighted: weighted.recall,
    f1_weighted: weighted.f1,
    per_class: perClass,
    confusion_matrix: confusionMatrix(yTrue, yPred, { labels: ids }),
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
    samplesPerSecond: m.samples_per_second,
  };
}
