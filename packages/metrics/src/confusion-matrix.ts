import { checkTargets, resolveLabels, type LabelVector } from './validate.js';

export interface ConfusionMatrixOptions {
  /** Row/column order. Default: the sorted union of labels in yTrue and yPred. */
  readonly labels?: LabelVector | null;
}

/**
 * sklearn.metrics.confusion_matrix: entry [i][j] counts samples whose true label is labels[i]
 * and predicted label is labels[j] (rows = true, columns = predicted).
 */
export function confusionMatrix(yTrue: LabelVector, yPred: LabelVector, options: ConfusionMatrixOptions = {}): number[][] {
  const op = 'confusionMatrix';
  checkTargets(op, yTrue, yPred);
  const labels = resolveLabels(op, yTrue, yPred, options.labels);
  const index = new Map<number, number>(labels.map((l, i) => [l, i]));
  const cm = labels.map(() => new Array<number>(labels.length).fill(0));
  for (let i = 0; i < yTrue.length; i++) {
    // resolveLabels guarantees every label has an index.
    cm[index.get(yTrue[i]!)!]![index.get(yPred[i]!)!]! += 1;
  }
  return cm;
}
