// Bad input → the exact error text, for every public function.
import { describe, expect, it } from '@jest/globals';
import { accuracyScore } from './accuracy.js';
import { computeClassWeight } from './class-weight.js';
import { confusionMatrix } from './confusion-matrix.js';
import { MetricsError } from './errors.js';
import { precisionRecallFscoreSupport, type PrfOptions } from './prf.js';
import { classificationReport } from './report.js';
import { f1Score, precisionScore, recallScore } from './scores.js';

type Call = (yTrue: ArrayLike<number>, yPred: ArrayLike<number>) => unknown;
const macro = { average: 'macro' } as const;
const calls: [string, Call][] = [
  ['accuracyScore', (t, p) => accuracyScore(t, p)],
  ['confusionMatrix', (t, p) => confusionMatrix(t, p)],
  ['precisionRecallFscoreSupport', (t, p) => precisionRecallFscoreSupport(t, p)],
  ['precisionScore', (t, p) => precisionScore(t, p, macro)],
  ['recallScore', (t, p) => recallScore(t, p, macro)],
  ['f1Score', (t, p) => f1Score(t, p, macro)],
  ['classificationReport', (t, p) => classificationReport(t, p)],
];

function thrown(fn: () => unknown): MetricsError {
  try {
    fn();
  } catch (e) {
    if (e instanceof MetricsError) return e;
    throw e;
  }
  throw new Error('expected a MetricsError, nothing was thrown');
}

describe.each(calls)('%s rejects bad targets', (op, call) => {
  it('mismatched lengths, naming both', () => {
    expect(() => call([0, 1, 2], [0, 1])).toThrow(`${op}: yTrue and yPred have different lengths (yTrue: 3, yPred: 2)`);
  });
  it('empty input', () => {
    expect(() => call([], [])).toThrow(`${op}: yTrue and yPred are empty; need at least one sample`);
  });
  it('NaN and non-integers, naming index and value', () => {
    expect(() => call([0, NaN], [0, 1])).toThrow(`${op}: yTrue[1] is NaN; labels must be integers`);
    expect(() => call([0, 1, 2], [0, 1.5, 2])).toThrow(`${op}: yPred[1] is 1.5; labels must be integers`);
    expect(() => call([0, 1], ['1', 0] as unknown as number[])).toThrow(`${op}: yPred[0] is "1"; labels must be integers`);
  });
  it('something that is not an array', () => {
    expect(() => call(undefined as unknown as number[], [0])).toThrow(`${op}: yTrue must be an array of integer labels, got undefined`);
  });
  it('is a MetricsError naming the function', () => {
    const e = thrown(() => call([0], []));
    expect(e.name).toBe('MetricsError');
    expect(e.op).toBe(op);
  });
});

describe('labels', () => {
  it('a label outside the given set, naming the value and its index', () => {
    expect(() => confusionMatrix([0, 1, 2], [0, 1, 1], { labels: [0, 1] })).toThrow('confusionMatrix: yTrue[2] is 2, which is not in labels [0, 1]');
    expect(() => f1Score([0, 1, 1], [0, 3, 1], { average: 'macro', labels: [0, 1, 2] })).toThrow('f1Score: yPred[1] is 3, which is not in labels [0, 1, 2]');
    expect(() => classificationReport([0, 1], [0, 1], { labels: [1] })).toThrow('classificationReport: yTrue[0] is 0, which is not in labels [1]');
  });
  it('empty, repeated or non-integer label lists', () => {
    expect(() => precisionRecallFscoreSupport([0], [0], { labels: [] })).toThrow('precisionRecallFscoreSupport: labels is empty; give at least one label');
    expect(() => confusionMatrix([0], [0], { labels: [0, 1, 0] })).toThrow('confusionMatrix: labels[2] is 0, a duplicate of labels[0]');
    expect(() => accuracyScore([0], [0], { normalize: 'yes' as unknown as boolean })).toThrow('accuracyScore: normalize must be true or false, got yes');
    expect(() => confusionMatrix([0], [0], { labels: [0, 0.5] })).toThrow('confusionMatrix: labels[1] is 0.5; labels must be integers');
  });
  it('typed arrays work like plain arrays', () => {
    expect(confusionMatrix(Int32Array.from([0, 1, 1]), Float64Array.from([0, 1, 0]))).toEqual([
      [1, 0],
      [1, 1],
    ]);
  });
});

describe('options', () => {
  it('unknown average and zeroDivision', () => {
    const bad = { average: 'samples' } as unknown as PrfOptions;
    expect(() => precisionRecallFscoreSupport([0], [0], bad)).toThrow(
      "precisionRecallFscoreSupport: average must be one of 'macro', 'micro', 'weighted', 'binary' or null, got \"samples\"",
    );
    const zd = { zeroDivision: 'nan' } as unknown as PrfOptions;
    expect(() => recallScore([0], [0], zd)).toThrow(`recallScore: zeroDivision must be 0, 1 or 'warn', got "nan"`);
    expect(() => f1Score([0, 1], [0, 1], { posLabel: 0.5 })).toThrow('f1Score: posLabel must be an integer, got 0.5');
  });
  it('posLabel outside the two labels present', () => {
    expect(() => precisionScore([3, 7], [7, 7])).toThrow('precisionScore: posLabel=1 is not a valid label. It should be one of [3, 7]');
  });
  it('classificationReport: digits and targetNames', () => {
    expect(() => classificationReport([0], [0], { digits: -1 })).toThrow('classificationReport: digits must be an integer from 0 to 100, got -1');
    expect(() => classificationReport([0, 1], [0, 1], { targetNames: ['a'] })).toThrow(
      'classificationReport: Number of classes, 2, does not match size of targetNames, 1. Try specifying the labels parameter',
    );
    expect(() => classificationReport([0, 1], [0, 1], { labels: [0, 1, 2], targetNames: ['a', 'b'] })).toThrow(
      'classificationReport: labels size, 3, does not match size of targetNames, 2',
    );
    expect(() => classificationReport([0, 1], [0, 1], { targetNames: ['a', 'a'] })).toThrow('classificationReport: targetNames[1] is "a", a duplicate of targetNames[0]');
    expect(() => classificationReport([0, 1], [0, 1], { targetNames: ['a', 'macro avg'] })).toThrow(
      'classificationReport: targetNames[1] is "macro avg", the name of a summary row',
    );
  });
});

describe('computeClassWeight errors (sklearn 1.2.1 messages, with the entry named)', () => {
  it('a class missing from y', () => {
    expect(() => computeClassWeight('balanced', [0, 1, 2], [0, 0, 2])).toThrow(
      'computeClassWeight: classes should have valid labels that are in y: classes[1] is 1, which never occurs in y',
    );
  });
  it('a label in y that is not a class', () => {
    expect(() => computeClassWeight('balanced', [0, 1], [0, 1, 2])).toThrow(
      'computeClassWeight: classes should include all valid labels that can be in y: y[2] is 2, not in classes [0, 1]',
    );
  });
  it('bad arguments', () => {
    expect(() => computeClassWeight('balanced', [0, 1], [])).toThrow('computeClassWeight: y is empty; need at least one sample');
    expect(() => computeClassWeight('balanced', [], [0])).toThrow('computeClassWeight: classes is empty; give at least one label');
    expect(() => computeClassWeight('balanced', [0, 1], [0, NaN])).toThrow('computeClassWeight: y[1] is NaN; labels must be integers');
    expect(() => computeClassWeight('none' as 'balanced', [0], [0])).toThrow('computeClassWeight: classWeight must be \'balanced\', got "none"');
  });
  it('weights in the order of classes, not sorted', () => {
    expect(computeClassWeight('balanced', [2, 0, 1], [0, 0, 1, 2, 2, 2])).toEqual([6 / 9, 1, 2]);
  });
});
