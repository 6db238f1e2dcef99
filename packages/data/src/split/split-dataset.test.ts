import { describe, expect, it } from '@jest/globals';
import type { Example } from '../example.js';
import { splitDataset } from './split-dataset.js';

const examples: Example[] = Array.from({ length: 103 }, (_, i) => ({ index: i, text: `t${i}`, label: i % 10 < 6 ? 0 : i % 10 < 9 ? 1 : 2 }));
const count = (xs: Example[], label: number) => xs.filter((e) => e.label === label).length;

describe('splitDataset', () => {
  it('head: first part train, last ceil(n·f) validation, file order', () => {
    const { train, validation } = splitDataset(examples, { method: 'head', validationFraction: 0.1, seed: 1 });
    expect(train.map((e) => e.index)).toEqual(examples.slice(0, 92).map((e) => e.index));
    expect(validation.map((e) => e.index)).toEqual(examples.slice(92).map((e) => e.index));
  });

  it('stratified: per-class proportions, seeded, disjoint and complete', () => {
    const a = splitDataset(examples, { method: 'stratified', validationFraction: 0.2, seed: 7 });
    const b = splitDataset(examples, { method: 'stratified', validationFraction: 0.2, seed: 7 });
    const c = splitDataset(examples, { method: 'stratified', validationFraction: 0.2, seed: 8 });
    expect(a).toEqual(b);
    expect(a.validation).not.toEqual(c.validation);
    for (const label of [0, 1, 2]) expect(count(a.validation, label)).toBe(Math.round(count(examples, label) * 0.2));
    const all = [...a.train, ...a.validation].map((e) => e.index).sort((x, y) => x - y);
    expect(all).toEqual(examples.map((e) => e.index));
    expect(a.train.map((e) => e.index)).toEqual([...a.train.map((e) => e.index)].sort((x, y) => x - y));
  });

  it('rejects a bad fraction and method', () => {
    expect(() => splitDataset(examples, { method: 'head', validationFraction: 1, seed: 1 })).toThrow('data.split.validationFraction must be in [0, 1), got 1');
    expect(() => splitDataset(examples, { method: 'random' as 'head', validationFraction: 0.1, seed: 1 })).toThrow(
      'data.split.method must be "head" or "stratified", got "random"',
    );
  });
});
