import { accuracyScore, confusionMatrix, precisionRecallFscoreSupport, type PrfPerLabel } from '@bertfit/metrics';

/** One class's scores, in label-id order within `per_class`. */
export interface ClassScores {
  label: string;
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

/** Classification metrics under the names logs, metrics.json and the orchestrator use. */
export interface ClassificationSummary {
  n: number;
  accuracy: number;
  precision_macro: number;
  recall_macro: number;
  f1_macro: number;
  precision_weighted: number;
  recall_weighted: number;
  f1_weighted: number;
  per_class: ClassScores[];
  /** Rows = true label, columns = predicted, in label-id order. */
  confusion_matrix: number[][];
}

/** Validation metrics: the summary plus the class-weighted loss. */
export interface EvalMetrics extends ClassificationSummary {
  loss: number;
}

/** Arg-max of each row of row-major [n, k] logits. */
export function argmaxRows(logits: Float32Array, k: number): Int32Array {
  const n = logits.length / k;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let j = 1; j < k; j++) if (logits[i * k + j]! > logits[i * k + best]!) best = j;
    out[i] = best;
  }
  return out;
}

/** Σ w[y]·nll / Σ w[y] over all rows — the same class-weighted mean the training loss uses. */
export function weightedCrossEntropy(logits: Float32Array, labels: ArrayLike<number>, weights: readonly number[]): number {
  const k = weights.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < labels.length; i++) {
    let max = -Infinity;
    for (let j = 0; j < k; j++) max = Math.max(max, logits[i * k + j]!);
    let sum = 0;
    for (let j = 0; j < k; j++) sum += Math.exp(logits[i * k + j]! - max);
    const y = labels[i]!;
    const w = weights[y]!;
    num += w * (Math.log(sum) + max - logits[i * k + y]!);
    den += w;
  }
  return num / den;
}

/**
 * Metrics over every label id (labels = [0..k-1], zero_division 0), so a class the model never predicts
 * counts as 0 instead of silently leaving the macro average, which sklearn's labels=None would do.
 */
export function classificationSummary(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, labelNames: readonly string[]): ClassificationSummary {
  const truth = Array.from(yTrue);
  const pred = Array.from(yPred);
  const labels = labelNames.map((_, i) => i);
  const opts = { labels, zeroDivision: 0 as const };
  const macro = precisionRecallFscoreSupport(truth, pred, { ...opts, average: 'macro' });
  const weighted = precisionRecallFscoreSupport(truth, pred, { ...opts, average: 'weighted' });
  const perLabel = precisionRecallFscoreSupport(truth, pred, { ...opts, average: null }) as PrfPerLabel;
  return {
    n: truth.length,
    accuracy: accuracyScore(truth, pred),
    precision_macro: macro.precision,
    recall_macro: macro.recall,
    f1_macro: macro.f1,
    precision_weighted: weighted.precision,
    recall_weighted: weighted.recall,
    f1_weighted: weighted.f1,
    per_class: labelNames.map((label, i) => ({
      label,
      precision: perLabel.precision[i]!,
      recall: perLabel.recall[i]!,
      f1: perLabel.f1[i]!,
      support: perLabel.support[i]!,
    })),
    confusion_matrix: confusionMatrix(truth, pred, { labels }),
  };
}

/** Metrics of row-major [n, k] logits against the true labels, with the class-weighted loss. */
export function evalMetrics(logits: Float32Array, yTrue: ArrayLike<number>, labelNames: readonly string[], classWeights: readonly number[]): EvalMetrics {
  const summary = classificationSummary(yTrue, argmaxRows(logits, labelNames.length), labelNames);
  return { loss: weightedCrossEntropy(logits, yTrue, classWeights), ...summary };
}
