import { MetricsError } from './errors.js';
import { checkIntegers, checkLabelList, describeValue, type LabelVector } from './validate.js';

/**
 * sklearn.utils.class_weight.compute_class_weight('balanced', classes=classes, y=y):
 * weight_c = n / (k · count_c), in the order of `classes`. Every class must occur in y, and y
 * may hold no other label (sklearn's two ValueErrors, with the offending entry named).
 */
export function computeClassWeight(classWeight: 'balanced', classes: LabelVector, y: LabelVector): number[] {
  const op = 'computeClassWeight';
  if (classWeight !== 'balanced') {
    throw new MetricsError(op, `classWeight must be 'balanced', got ${describeValue(classWeight)}`);
  }
  const list = checkLabelList(op, 'classes', classes);
  checkIntegers(op, 'y', y);
  if (y.length === 0) throw new MetricsError(op, 'y is empty; need at least one sample');

  const counts = new Map<number, number>(list.map((c) => [c, 0]));
  for (let i = 0; i < y.length; i++) {
    const c = counts.get(y[i]!);
    if (c === undefined) {
      throw new MetricsError(op, `classes should include all valid labels that can be in y: y[${i}] is ${y[i]}, not in classes [${list.join(', ')}]`);
    }
    counts.set(y[i]!, c + 1);
  }
  const missing = list.findIndex((c) => counts.get(c) === 0);
  if (missing >= 0) {
    throw new MetricsError(op, `classes should have valid labels that are in y: classes[${missing}] is ${list[missing]}, which never occurs in y`);
  }
  // k = the number of distinct labels in y, which is classes.length once both checks pass.
  return list.map((c) => y.length / (list.length * counts.get(c)!));
}
