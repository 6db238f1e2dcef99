import { MetricsError } from './errors.js';
import { countPerLabel } from './label-counts.js';
import { checkTargets, describeValue, resolveLabels, uniqueLabels, type LabelVector } from './validate.js';
import { undefinedMetricMessage, type WarningSink } from './warnings.js';

/** How per-label values are combined; null keeps one value per label. */
export type AverageMode = 'macro' | 'micro' | 'weighted' | 'binary';
export type Average = AverageMode | null;
/** The value of a 0/0 precision or recall; 'warn' is 0 plus an UndefinedMetricWarning. */
export type ZeroDivision = 0 | 1 | 'warn';
/** Which ill-defined metrics warn: sklearn's `warn_for`. */
export type WarnFor = ReadonlySet<'precision' | 'recall' | 'f-score'>;

export interface PrfOptions {
  readonly average?: Average;
  /** Labels to score, in output order. Default: the sorted union of labels present. */
  readonly labels?: LabelVector | null;
  /** Default 'warn' (behaves as 0), as in sklearn. */
  readonly zeroDivision?: ZeroDivision;
  /** The positive class for average 'binary' (default 1); ignored otherwise. */
  readonly posLabel?: number;
  readonly onWarning?: WarningSink;
}

export interface PrfAveraged {
  readonly average: AverageMode;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  /** sklearn returns no support once averaged. */
  readonly support: null;
}

export interface PrfPerLabel {
  readonly average: null;
  /** The label of each entry below. */
  readonly labels: number[];
  readonly precision: number[];
  readonly recall: number[];
  readonly f1: number[];
  /** Number of true samples of each label. */
  readonly support: number[];
}

export type PrfResult = PrfAveraged | PrfPerLabel;

const AVERAGES: readonly Average[] = ['macro', 'micro', 'weighted', 'binary', null];
const ALL_WARNINGS: WarnFor = new Set(['precision', 'recall', 'f-score']);

/** sklearn's _check_set_wise_labels for 'binary': at most two classes, and posLabel one of them. */
function binaryLabels(op: string, yTrue: LabelVector, yPred: LabelVector, posLabel: number): number[] {
  const present = uniqueLabels(yTrue, yPred);
  if (present.length > 2) {
    throw new MetricsError(
      op,
      `Target is multiclass (labels [${present.join(', ')}]) but average='binary'. ` + "Please choose another average setting, one of [null, 'micro', 'macro', 'weighted'].",
    );
  }
  if (!present.includes(posLabel) && present.length >= 2) {
    throw new MetricsError(op, `posLabel=${posLabel} is not a valid label. It should be one of [${present.join(', ')}]`);
  }
  return [posLabel];
}

/** tp / denominator per entry; a zero denominator gives the zeroDivision value. */
function divide(num: readonly number[], den: readonly number[], zd: ZeroDivision): { value: number[]; undefinedAt: number[] } {
  const undefinedAt: number[] = [];
  const value = num.map((n, i) => {
    if (den[i] !== 0) return n / den[i]!;
    undefinedAt.push(i);
    return zd === 1 ? 1 : 0;
  });
  return { value, undefinedAt };
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

/**
 * The shared core of precision/recall/F1, sklearn 1.2.1's precision_recall_fscore_support with
 * beta = 1. `op` names the public function in errors; `warnFor` selects the warnings it reports.
 */
export function computePrf(op: string, yTrue: LabelVector, yPred: LabelVector, options: PrfOptions, defaultAverage: Average, warnFor: WarnFor = ALL_WARNINGS): PrfResult {
  checkTargets(op, yTrue, yPred);
  const average = options.average === undefined ? defaultAverage : options.average;
  if (!AVERAGES.includes(average)) {
    throw new MetricsError(op, `average must be one of 'macro', 'micro', 'weighted', 'binary' or null, got ${describeValue(average)}`);
  }
  const zd = options.zeroDivision ?? 'warn';
  if (zd !== 0 && zd !== 1 && zd !== 'warn') {
    throw new MetricsError(op, `zeroDivision must be 0, 1 or 'warn', got ${describeValue(zd)}`);
  }
  const posLabel = options.posLabel ?? 1;
  if (!Number.isSafeInteger(posLabel)) throw new MetricsError(op, `posLabel must be an integer, got ${describeValue(posLabel)}`);
  const warn = options.onWarning;

  let labels = resolveLabels(op, yTrue, yPred, options.labels);
  if (average === 'binary') labels = binaryLabels(op, yTrue, yPred, posLabel);
  else if (posLabel !== 1 && warn) {
    warn({
      kind: 'PosLabelIgnored',
      posLabel,
      message:
        `Note that pos_label (set to ${posLabel}) is ignored when average != 'binary' (got '${average}'). ` + 'You may use labels=[pos_label] to specify a single positive class.',
    });
  }

  const counts = countPerLabel(yTrue, yPred, labels);
  const micro = average === 'micro';
  const tp = micro ? [sum(counts.tp)] : counts.tp;
  const predSum = micro ? [sum(counts.predSum)] : counts.predSum;
  const trueSum = micro ? [sum(counts.trueSum)] : counts.trueSum;

  const p = divide(tp, predSum, zd);
  const r = divide(tp, trueSum, zd);
  if (zd === 'warn' && warn) {
    const fToo = warnFor.has('f-score');
    const affected = (at: number[]): number[] => (micro ? [...labels] : at.map((i) => labels[i]!));
    for (const [metric, result, modifier] of [
      ['precision', p, 'predicted'],
      ['recall', r, 'true'],
    ] as const) {
      if (!warnFor.has(metric) || result.undefinedAt.length === 0) continue;
      const start = `${metric === 'precision' ? 'Precision' : 'Recall'} ${fToo ? 'and F-score are' : 'is'}`;
      warn({ kind: 'UndefinedMetricWarning', metric, labels: affected(result.undefinedAt), message: undefinedMetricMessage(modifier, start, tp.length) });
    }
    // f1Score alone warns only where F is 0/0 through both P and R: no true and no predicted samples.
    const neither = trueSum.flatMap((t, i) => (t === 0 && predSum[i] === 0 ? [i] : []));
    if (warnFor.size === 1 && fToo && neither.length > 0) {
      warn({ kind: 'UndefinedMetricWarning', metric: 'f-score', labels: affected(neither), message: undefinedMetricMessage('true nor predicted', 'F-score is', tp.length) });
    }
  }

  // F1 from the already substituted P and R; 0 where P + R = 0 (sklearn 1.2's rule).
  const f1 = p.value.map((pi, i) => {
    const ri = r.value[i]!;
    const denom = pi + ri;
    return denom === 0 ? 0 : (2 * pi * ri) / denom;
  });

  if (average === null) {
    return { average, labels, precision: p.value, recall: r.value, f1, support: counts.trueSum };
  }
  if (average === 'weighted') {
    // resolveLabels puts every true label in the list, so the weights never sum to 0.
    const total = sum(trueSum);
    const wavg = (xs: readonly number[]): number => sum(xs.map((x, i) => x * trueSum[i]!)) / total;
    return { average, precision: wavg(p.value), recall: wavg(r.value), f1: wavg(f1), support: null };
  }
  return { average, precision: mean(p.value), recall: mean(r.value), f1: mean(f1), support: null };
}

/**
 * sklearn.metrics.precision_recall_fscore_support (beta = 1). Default average null: per-label
 * arrays plus support; with an average, one number each and support null.
 */
export function precisionRecallFscoreSupport(yTrue: LabelVector, yPred: LabelVector, options?: PrfOptions & { readonly average?: null }): PrfPerLabel;
export function precisionRecallFscoreSupport(yTrue: LabelVector, yPred: LabelVector, options: PrfOptions & { readonly average: AverageMode }): PrfAveraged;
export function precisionRecallFscoreSupport(yTrue: LabelVector, yPred: LabelVector, options?: PrfOptions): PrfResult;
export function precisionRecallFscoreSupport(yTrue: LabelVector, yPred: LabelVector, options: PrfOptions = {}): PrfResult {
  return computePrf('precisionRecallFscoreSupport', yTrue, yPred, options, null);
}
