import { MetricsError } from './errors.js';

/** A vector of integer class ids: a plain array or any typed array. */
export type LabelVector = ArrayLike<number>;

/** How a bad entry reads in a message: NaN and strings stay recognisable. */
export function describeValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' && Number.isNaN(v)) return 'NaN';
  return String(v);
}

function checkVector(op: string, name: string, v: unknown): asserts v is LabelVector {
  const ok = v !== null && typeof v === 'object' && typeof (v as { length?: unknown }).length === 'number';
  if (!ok) throw new MetricsError(op, `${name} must be an array of integer labels, got ${describeValue(v)}`);
}

/** Every entry must be a safe integer: class ids, never scores or NaN. */
export function checkIntegers(op: string, name: string, v: unknown): asserts v is LabelVector {
  checkVector(op, name, v);
  for (let i = 0; i < v.length; i++) {
    const x: unknown = v[i];
    if (typeof x !== 'number' || !Number.isSafeInteger(x)) {
      throw new MetricsError(op, `${name}[${i}] is ${describeValue(x)}; labels must be integers`);
    }
  }
}

/** sklearn's _check_targets for 1-D integer labels: same non-zero length, integer entries. */
export function checkTargets(op: string, yTrue: unknown, yPred: unknown): asserts yTrue is LabelVector {
  checkVector(op, 'yTrue', yTrue);
  checkVector(op, 'yPred', yPred);
  if (yTrue.length !== yPred.length) {
    throw new MetricsError(op, `yTrue and yPred have different lengths (yTrue: ${yTrue.length}, yPred: ${yPred.length})`);
  }
  if (yTrue.length === 0) throw new MetricsError(op, 'yTrue and yPred are empty; need at least one sample');
  checkIntegers(op, 'yTrue', yTrue);
  checkIntegers(op, 'yPred', yPred);
}

/** sklearn's unique_labels(yTrue, yPred): the sorted union of the labels present. */
export function uniqueLabels(yTrue: LabelVector, yPred: LabelVector): number[] {
  const seen = new Set<number>();
  for (let i = 0; i < yTrue.length; i++) seen.add(yTrue[i]!);
  for (let i = 0; i < yPred.length; i++) seen.add(yPred[i]!);
  return [...seen].sort((a, b) => a - b);
}

/** A user-given label list: non-empty, integers, no repeats. */
export function checkLabelList(op: string, name: string, labels: unknown): number[] {
  checkIntegers(op, name, labels);
  if (labels.length === 0) throw new MetricsError(op, `${name} is empty; give at least one label`);
  const first = new Map<number, number>();
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i]!;
    const j = first.get(l);
    if (j !== undefined) throw new MetricsError(op, `${name}[${i}] is ${l}, a duplicate of ${name}[${j}]`);
    first.set(l, i);
  }
  return Array.from(labels);
}

/**
 * The label list a metric works over: the sorted union of present labels when none is given,
 * else the given list in its own order. Unlike sklearn, which silently drops samples whose label is
 * outside `labels`, any such sample is an error here: in bertfit it means a bug upstream.
 */
export function resolveLabels(op: string, yTrue: LabelVector, yPred: LabelVector, labels: LabelVector | null | undefined): number[] {
  if (labels === undefined || labels === null) return uniqueLabels(yTrue, yPred);
  const list = checkLabelList(op, 'labels', labels);
  const allowed = new Set(list);
  for (const [name, y] of [
    ['yTrue', yTrue],
    ['yPred', yPred],
  ] as const) {
    for (let i = 0; i < y.length; i++) {
      if (!allowed.has(y[i]!)) {
        throw new MetricsError(op, `${name}[${i}] is ${y[i]}, which is not in labels [${list.join(', ')}]`);
      }
    }
  }
  return list;
}
