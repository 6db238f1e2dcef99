// Reports, zero-division warnings and average 'binary' against test/fixtures/sklearn-goldens.json,
// written by test/fixtures/gen-sklearn-goldens.py with scikit-learn 1.2.1.
import { describe, expect, it } from '@jest/globals';
import { closeTo, loadFixture } from '../test/load-fixture.js';
import { computePrf, type Average, type PrfOptions, type ZeroDivision } from './prf.js';
import { classificationReport, type ClassificationReportOptions } from './report.js';
import { f1Score, precisionScore, recallScore } from './scores.js';
import { precisionRecallFscoreSupport } from './prf.js';
import type { MetricsWarning } from './warnings.js';

type Fn = 'precision_recall_fscore_support' | 'precision_score' | 'recall_score' | 'f1_score';
interface Goldens {
  sklearn_version: string;
  reports: {
    name: string;
    y_true: number[];
    y_pred: number[];
    options: { labels?: number[]; target_names?: string[]; digits?: number; zero_division?: ZeroDivision };
    text: string;
    dict: Record<string, unknown>;
    warnings: string[];
  }[];
  warnings: { case: string; function: Fn; average: Average; labels: number[] | null; value: unknown; warnings: string[] }[];
  binary: {
    name: string;
    y_true: number[];
    y_pred: number[];
    pos_label: number;
    zero_division: ZeroDivision;
    function: Fn;
    value: unknown;
    warnings: string[];
    error: string | null;
  }[];
  pos_label_ignored: { value: number; warnings: string[] };
}

const goldens = loadFixture<Goldens>('sklearn-goldens.json');
const cases = new Map(loadFixture<{ cases: { name: string; y_true: number[]; y_pred: number[] }[] }>('cases.json').cases.map((c) => [c.name, c]));

/** Calls one of our functions the way the generator called sklearn's, collecting warnings. */
function call(fn: Fn, yTrue: number[], yPred: number[], options: PrfOptions): { value: unknown; warnings: string[] } {
  const warnings: string[] = [];
  const opts = { ...options, onWarning: (w: MetricsWarning) => void warnings.push(w.message) };
  const value = {
    precision_recall_fscore_support: () => {
      const r = precisionRecallFscoreSupport(yTrue, yPred, opts);
      return [r.precision, r.recall, r.f1];
    },
    precision_score: () => precisionScore(yTrue, yPred, opts),
    recall_score: () => recallScore(yTrue, yPred, opts),
    f1_score: () => f1Score(yTrue, yPred, opts),
  }[fn]();
  return { value, warnings };
}

describe('classificationReport against sklearn 1.2.1', () => {
  it.each(goldens.reports.map((r) => [r.name, r] as const))('%s', (_name, g) => {
    const options: ClassificationReportOptions = {
      labels: g.options.labels,
      targetNames: g.options.target_names,
      digits: g.options.digits,
      zeroDivision: g.options.zero_division,
    };
    const report = classificationReport(g.y_true, g.y_pred, options);
    expect(report.text).toBe(g.text);
    expect(Object.keys(report.dict)).toEqual(Object.keys(g.dict));
    expect(closeTo(JSON.parse(JSON.stringify(report.dict)), g.dict, g.name)).toEqual([]);
    // sklearn repeats each warning for every average; we report the per-label ones once.
    const warnings: string[] = [];
    classificationReport(g.y_true, g.y_pred, { ...options, onWarning: (w) => void warnings.push(w.message) });
    expect(warnings).toEqual([...new Set(g.warnings)]);
  });

  it('uses the fixture cases it names', () => {
    expect(goldens.sklearn_version).toBe('1.2.1');
    const g = goldens.reports.find((r) => r.name === 'random_n20_a')!;
    expect(g.y_true).toEqual(cases.get('random_n20_a')!.y_true);
  });
});

describe("zeroDivision 'warn' messages against sklearn 1.2.1", () => {
  it.each(goldens.warnings.map((w) => [`${w.case} ${w.function} ${w.average} ${w.labels ? 'labels012' : ''}`, w] as const))('%s', (_name, g) => {
    const c = cases.get(g.case)!;
    const got = call(g.function, c.y_true, c.y_pred, { average: g.average, labels: g.labels });
    expect(closeTo(got.value, g.value, 'value')).toEqual([]);
    expect(got.warnings).toEqual(g.warnings);
  });

  it('reports which labels were set to 0', () => {
    const seen: MetricsWarning[] = [];
    precisionScore([0, 1, 2, 2], [0, 0, 0, 2], { average: 'macro', onWarning: (w) => void seen.push(w) });
    expect(seen).toEqual([
      {
        kind: 'UndefinedMetricWarning',
        metric: 'precision',
        labels: [1],
        message: 'Precision is ill-defined and being set to 0.0 in labels with no predicted samples. Use `zero_division` parameter to control this behavior.',
      },
    ]);
  });

  it('stays silent without a callback, and with zeroDivision 0 or 1', () => {
    const seen: string[] = [];
    const onWarning = (w: MetricsWarning): void => void seen.push(w.message);
    expect(f1Score([0, 1], [0, 0], { average: 'macro' })).toBeCloseTo(1 / 3, 15);
    computePrf('test', [0, 1], [0, 0], { average: null, zeroDivision: 0, onWarning }, null);
    computePrf('test', [0, 1], [0, 0], { average: null, zeroDivision: 1, onWarning }, null);
    expect(seen).toEqual([]);
  });
});

describe("average 'binary' against sklearn 1.2.1", () => {
  const rows = goldens.binary.map((b) => [`${b.name} posLabel=${b.pos_label} zd=${b.zero_division} ${b.function}`, b] as const);
  it.each(rows)('%s', (_name, g) => {
    const options: PrfOptions = { average: 'binary', posLabel: g.pos_label, zeroDivision: g.zero_division };
    if (g.error !== null) {
      const multiclass = g.error.startsWith('Target is multiclass');
      expect(() => call(g.function, g.y_true, g.y_pred, options)).toThrow(
        multiclass
          ? "Target is multiclass (labels [0, 1, 2]) but average='binary'. Please choose another average setting, one of [null, 'micro', 'macro', 'weighted']."
          : g.error.replace('pos_label', 'posLabel'),
      );
      return;
    }
    const got = call(g.function, g.y_true, g.y_pred, options);
    expect(closeTo(got.value, g.value, 'value')).toEqual([]);
    expect(got.warnings).toEqual(g.warnings);
  });

  it('is the default of the single-metric functions, as in sklearn', () => {
    const yTrue = [0, 1, 1, 0, 1, 1, 0, 0];
    const yPred = [0, 1, 0, 0, 1, 1, 1, 1];
    expect(f1Score(yTrue, yPred)).toBe(f1Score(yTrue, yPred, { average: 'binary', posLabel: 1 }));
    expect(() => f1Score([0, 1, 2], [0, 1, 1])).toThrow("f1Score: Target is multiclass (labels [0, 1, 2]) but average='binary'");
  });

  it('reports a posLabel that a non-binary average ignores', () => {
    const seen: string[] = [];
    const value = f1Score([0, 1, 2], [0, 1, 1], { average: 'macro', posLabel: 2, onWarning: (w) => void seen.push(w.message) });
    expect(value).toBeCloseTo(goldens.pos_label_ignored.value, 12);
    expect(seen).toEqual(goldens.pos_label_ignored.warnings);
  });
});
