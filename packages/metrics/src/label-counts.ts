import type { LabelVector } from './validate.js';

/** Per-label sufficient statistics, as the diagonal of sklearn's multilabel_confusion_matrix. */
export interface LabelCounts {
  readonly labels: readonly number[];
  /** Samples with yTrue = yPred = label. */
  readonly tp: number[];
  /** Samples predicted as label (tp + fp). */
  readonly predSum: number[];
  /** Samples whose true class is label (tp + fn): the support. */
  readonly trueSum: number[];
}

/**
 * Counts tp, predicted and true totals for each label of `labels`. Samples whose label is not in
 * the list only count where they match one (the negatives of average 'binary').
 */
export function countPerLabel(yTrue: LabelVector, yPred: LabelVector, labels: readonly number[]): LabelCounts {
  const index = new Map<number, number>(labels.map((l, i) => [l, i]));
  const k = labels.length;
  const tp = new Array<number>(k).fill(0);
  const predSum = new Array<number>(k).fill(0);
  const trueSum = new Array<number>(k).fill(0);
  for (let i = 0; i < yTrue.length; i++) {
    const t = index.get(yTrue[i]!);
    const p = index.get(yPred[i]!);
    if (t !== undefined) trueSum[t]! += 1;
    if (p !== undefined) predSum[p]! += 1;
    if (t !== undefined && t === p) tp[t]! += 1;
  }
  return { labels, tp, predSum, trueSum };
}
