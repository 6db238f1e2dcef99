// Every case of ../shared/fixtures/metrics/cases.json (copied to test/fixtures), to 1e-12.
import { describe, expect, it } from '@jest/globals';
import { closeTo, loadFixture, type CasesFile } from '../test/load-fixture.js';
import { accuracyScore } from './accuracy.js';
import { computeClassWeight } from './class-weight.js';
import { confusionMatrix } from './confusion-matrix.js';
import { precisionRecallFscoreSupport, type Average, type ZeroDivision } from './prf.js';
import { f1Score, precisionScore, recallScore } from './scores.js';
import type { MetricsWarning } from './warnings.js';

const file = loadFixture<CasesFile>('cases.json');
const AVERAGES: Record<string, Average> = { macro: 'macro', micro: 'micro', weighted: 'weighted', none: null };

describe('cases.json (sklearn 1.2.1)', () => {
  it('holds the 20 cases and 7 class-weight cases it promises', () => {
    expect(file.sklearn_version).toBe('1.2.1');
    expect(file.cases).toHaveLength(20);
    expect(file.class_weight_cases).toHaveLength(7);
  });

  it.each(file.cases.map((c) => [c.name, c] as const))('%s: accuracy and confusion matrices', (_name, c) => {
    expect(accuracyScore(c.y_true, c.y_pred)).toBeCloseTo(c.accuracy, 12);
    expect(accuracyScore(c.y_true, c.y_pred, { normalize: false })).toBe(Math.round(c.accuracy * c.y_true.length));
    expect(confusionMatrix(c.y_true, c.y_pred)).toEqual(c.confusion_matrix);
    expect(confusionMatrix(c.y_true, c.y_pred, { labels: [0, 1, 2] })).toEqual(c.confusion_matrix_labels_012);
  });

  it.each(file.cases.map((c) => [c.name, c] as const))('%s: every average × zeroDivision × labels', (_name, c) => {
    const failures: string[] = [];
    let checked = 0;
    for (const [group, labels] of [
      ['prfs', undefined],
      ['prfs_labels_012', [0, 1, 2]],
    ] as const) {
      for (const [key, want] of Object.entries(c[group])) {
        const m = /^(macro|micro|weighted|none)_zd([01])$/.exec(key);
        if (!m) throw new Error(`unexpected key ${key} in ${c.name}.${group}`);
        const average = AVERAGES[m[1]!];
        if (average === undefined) throw new Error(`no average for ${key}`);
        const zeroDivision = Number(m[2]) as ZeroDivision;
        const opts = { average, labels, zeroDivision };
        const got = precisionRecallFscoreSupport(c.y_true, c.y_pred, opts);
        const at = `${c.name}.${group}.${key}`;
        failures.push(
          ...closeTo(got.precision, want.precision, `${at}.precision`),
          ...closeTo(got.recall, want.recall, `${at}.recall`),
          ...closeTo(got.f1, want.f1, `${at}.f1`),
          ...closeTo(got.support, want.support, `${at}.support`),
          // The single-metric functions return the same numbers.
          ...closeTo(precisionScore(c.y_true, c.y_pred, opts), want.precision, `${at} precisionScore`),
          ...closeTo(recallScore(c.y_true, c.y_pred, opts), want.recall, `${at} recallScore`),
          ...closeTo(f1Score(c.y_true, c.y_pred, opts), want.f1, `${at} f1Score`),
        );
        if (got.average === null) expect(got.labels).toEqual(labels ?? c.present_labels);
        checked++;
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBe(16);
  });

  it.each(file.cases.map((c) => [c.name, c] as const))("%s: zeroDivision 'warn' gives the numbers of 0", (_name, c) => {
    const warnings: MetricsWarning[] = [];
    const onWarning = (w: MetricsWarning): void => void warnings.push(w);
    const f1 = f1Score(c.y_true, c.y_pred, { average: 'macro', onWarning });
    const prf = precisionRecallFscoreSupport(c.y_true, c.y_pred, { average: 'macro', zeroDivision: 'warn', onWarning });
    expect(f1).toBeCloseTo(c.f1_score_macro_zero_division_warn, 12);
    expect([prf.precision, prf.recall, prf.f1]).toEqual([c.prfs.macro_zd0!.precision, c.prfs.macro_zd0!.recall, c.prfs.macro_zd0!.f1]);
    const fixture = c.prfs_macro_zero_division_warn;
    expect(closeTo([prf.precision, prf.recall, prf.f1], [fixture.precision, fixture.recall, fixture.f1], c.name)).toEqual([]);
  });
});

describe('computeClassWeight against cases.json', () => {
  for (const c of file.class_weight_cases) {
    it(c.name, () => {
      // The tweet split's labels are not inlined; its bincount gives an equivalent y.
      const y = typeof c.y === 'string' ? c.bincount!.flatMap((count, label) => new Array<number>(count).fill(label)) : c.y;
      if (c.weights === null) {
        expect(c.error).toBe('ValueError: classes should have valid labels that are in y');
        expect(() => computeClassWeight('balanced', c.classes, y)).toThrow(
          'computeClassWeight: classes should have valid labels that are in y: classes[1] is 1, which never occurs in y',
        );
        return;
      }
      if (c.n !== undefined) expect(y).toHaveLength(c.n);
      expect(closeTo(computeClassWeight('balanced', c.classes, y), c.weights, c.name)).toEqual([]);
    });
  }
});
