import { MetricsError } from './errors.js';
import { checkTargets, type LabelVector } from './validate.js';

export interface AccuracyOptions {
  /** true (default): the fraction of correct predictions; false: their count. */
  readonly normalize?: boolean;
}

/** sklearn.metrics.accuracy_score for 1-D integer labels. */
export function accuracyScore(yTrue: LabelVector, yPred: LabelVector, options: AccuracyOptions = {}): number {
  const op = 'accuracyScore';
  checkTargets(op, yTrue, yPred);
  const normalize = options.normalize ?? true;
  if (typeof normalize !== 'boolean') {
    throw new MetricsError(op, `normalize must be true or false, got ${String(normalize)}`);
  }
  let correct = 0;
  for (let i = 0; i < yTrue.length; i++) if (yTrue[i] === yPred[i]) correct += 1;
  return normalize ? correct / yTrue.length : correct;
}
