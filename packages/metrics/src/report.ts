import { MetricsError } from './errors.js';
import { formatFixed } from './format-fixed.js';
import { computePrf, type AverageMode, type PrfAveraged, type ZeroDivision } from './prf.js';
import { checkTargets, describeValue, resolveLabels, uniqueLabels, type LabelVector } from './validate.js';
import type { WarningSink } from './warnings.js';

export interface ClassificationReportOptions {
  /** Labels to report, in row order. Default: the sorted union of labels present. */
  readonly labels?: LabelVector | null;
  /** Row names, one per label. Default: the label ids as strings. */
  readonly targetNames?: readonly string[] | null;
  /** Decimals in the text (default 2); the dict keeps full precision. */
  readonly digits?: number;
  readonly zeroDivision?: ZeroDivision;
  /** Gets the per-label warnings once (sklearn repeats them for every average). */
  readonly onWarning?: WarningSink;
}

/** One row of the report, keyed as in sklearn's output_dict. */
export interface ReportRow {
  readonly precision: number;
  readonly recall: number;
  readonly 'f1-score': number;
  readonly support: number;
}

/**
 * sklearn's output_dict=True: a row per target name, then `accuracy` (a number) or `micro avg`,
 * then `macro avg` and `weighted avg`, in that insertion order.
 */
export type ClassificationReportDict = Record<string, ReportRow | number>;

export interface ClassificationReport {
  /** sklearn's text report, character for character (ends with a newline). */
  readonly text: string;
  readonly dict: ClassificationReportDict;
}

const HEADERS = ['precision', 'recall', 'f1-score', 'support'] as const;
const SUMMARY_KEYS = ['accuracy', 'micro avg', 'macro avg', 'weighted avg'];

/** Python's `{:>N}`: widths count code points, not UTF-16 units. */
const padLeft = (s: string, width: number): string => ' '.repeat(Math.max(0, width - [...s].length)) + s;

function checkTargetNames(op: string, names: unknown, labels: readonly number[], labelsGiven: boolean): string[] {
  if (names === undefined || names === null) return labels.map(String);
  if (!Array.isArray(names)) throw new MetricsError(op, `targetNames must be an array of strings, got ${describeValue(names)}`);
  if (names.length !== labels.length) {
    throw new MetricsError(
      op,
      labelsGiven
        ? `labels size, ${labels.length}, does not match size of targetNames, ${names.length}`
        : `Number of classes, ${labels.length}, does not match size of targetNames, ${names.length}. Try specifying the labels parameter`,
    );
  }
  const first = new Map<string, number>();
  names.forEach((n: unknown, i) => {
    if (typeof n !== 'string') throw new MetricsError(op, `targetNames[${i}] is ${describeValue(n)}; names must be strings`);
    // The dict is keyed by name: a repeat or a summary key would overwrite a row.
    const j = first.get(n);
    if (j !== undefined) throw new MetricsError(op, `targetNames[${i}] is ${JSON.stringify(n)}, a duplicate of targetNames[${j}]`);
    if (SUMMARY_KEYS.includes(n)) throw new MetricsError(op, `targetNames[${i}] is ${JSON.stringify(n)}, the name of a summary row`);
    first.set(n, i);
  });
  return names as string[];
}

/** sklearn.metrics.classification_report, as both its text and its output_dict form. */
export function classificationReport(yTrue: LabelVector, yPred: LabelVector, options: ClassificationReportOptions = {}): ClassificationReport {
  const op = 'classificationReport';
  checkTargets(op, yTrue, yPred);
  const digits = options.digits ?? 2;
  if (!Number.isSafeInteger(digits) || digits < 0 || digits > 100) {
    throw new MetricsError(op, `digits must be an integer from 0 to 100, got ${describeValue(digits)}`);
  }
  const labelsGiven = options.labels !== undefined && options.labels !== null;
  const labels = resolveLabels(op, yTrue, yPred, options.labels);
  const names = checkTargetNames(op, options.targetNames, labels, labelsGiven);
  const present = new Set(uniqueLabels(yTrue, yPred));
  const microIsAccuracy = !labelsGiven || (labels.length === present.size && labels.every((l) => present.has(l)));

  const base = { labels, zeroDivision: options.zeroDivision ?? 'warn' } as const;
  const perLabel = computePrf(op, yTrue, yPred, { ...base, average: null, onWarning: options.onWarning }, null);
  if (perLabel.average !== null) throw new Error('unreachable: average null gives per-label results');
  const averaged = (average: AverageMode): PrfAveraged => {
    const r = computePrf(op, yTrue, yPred, { ...base, average }, average);
    if (r.average === null) throw new Error('unreachable: an average gives one number');
    return r;
  };
  const totalSupport = perLabel.support.reduce((a, b) => a + b, 0);

  const dict: ClassificationReportDict = {};
  const width = Math.max(...names.map((n) => [...n].length), 'weighted avg'.length, digits);
  const cell = (v: number): string => ` ${padLeft(formatFixed(v, digits), 9)}`;
  const row = (name: string, p: number, r: number, f: number, s: number): string => `${padLeft(name, width)} ${cell(p)}${cell(r)}${cell(f)} ${padLeft(String(s), 9)}\n`;

  let text = `${padLeft('', width)} ${HEADERS.map((h) => ` ${padLeft(h, 9)}`).join('')}\n\n`;
  names.forEach((name, i) => {
    const [p, r, f, s] = [perLabel.precision[i]!, perLabel.recall[i]!, perLabel.f1[i]!, perLabel.support[i]!];
    dict[name] = { precision: p, recall: r, 'f1-score': f, support: s };
    text += row(name, p, r, f, s);
  });
  text += '\n';

  for (const average of ['micro', 'macro', 'weighted'] as const) {
    const a = averaged(average);
    if (average === 'micro' && microIsAccuracy) {
      // sklearn prints only the F column for accuracy (micro P = R = F when every label is scored).
      dict.accuracy = a.precision;
      text += `${padLeft('accuracy', width)} ${' '.repeat(20)}${cell(a.f1)} ${padLeft(String(totalSupport), 9)}\n`;
      continue;
    }
    const heading = `${average} avg`;
    dict[heading] = { precision: a.precision, recall: a.recall, 'f1-score': a.f1, support: totalSupport };
    text += row(heading, a.precision, a.recall, a.f1, totalSupport);
  }
  return { text, dict };
}
