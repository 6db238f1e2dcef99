import { describe, it, expect } from '@jest/globals';
import { parseGridArg } from './grid-args.js';
import { expandGrid, planTrials, sampleRandom } from './search-space.js';

describe('search space', () => {
  it('expands a grid like itertools.product, last key fastest', () => {
    expect(expandGrid({ a: [1, 2], b: ['x', 'y'] }).map((t) => t.overrides)).toEqual([
      { a: 1, b: 'x' },
      { a: 1, b: 'y' },
      { a: 2, b: 'x' },
      { a: 2, b: 'y' },
    ]);
    expect(() => expandGrid({ a: [] })).toThrow('orchestrator.sweep.grid.a: expected a non-empty list of values, got []');
  });

  it('draws the same random trials for the same seed, distinct while combinations last', () => {
    const grid = { lr: [1, 2, 3], bs: [8, 16] };
    const a = sampleRandom(grid, 6, 7).map((t) => JSON.stringify(t.overrides));
    expect(sampleRandom(grid, 6, 7).map((t) => JSON.stringify(t.overrides))).toEqual(a);
    expect(new Set(a).size).toBe(6);
    expect(sampleRandom(grid, 6, 8).map((t) => JSON.stringify(t.overrides))).not.toEqual(a);
    expect(sampleRandom(grid, 8, 7)).toHaveLength(8);
  });

  it('draws ranges (log-)uniformly within bounds, reproducibly, and keeps ranges out of grid search', () => {
    const sweep = {
      strategy: 'random' as const,
      grid: { lr: { min: 1e-5, max: 1e-3, log: true }, bs: [8, 16] },
      trials: 20,
      maxConcurrent: 1,
      maxAttempts: 1,
      keepCheckpoints: 'bestAndLast' as const,
    };
    const plans = planTrials(sweep, 3);
    expect(plans).toHaveLength(20);
    for (const p of plans) {
      expect(Object.keys(p.overrides)).toEqual(['lr', 'bs']);
      expect(p.overrides.lr as number).toBeGreaterThanOrEqual(1e-5);
      expect(p.overrides.lr as number).toBeLessThanOrEqual(1e-3);
    }
    expect(planTrials(sweep, 3)).toEqual(plans);
    expect(plans.filter((p) => (p.overrides.lr as number) < 1e-4).length).toBeGreaterThan(4); // log-uniform: half the draws below 1e-4
    expect(() => planTrials({ ...sweep, strategy: 'grid' }, 3)).toThrow(
      'orchestrator.sweep.grid.lr: a {min,max} range needs strategy "random"; grid search takes a list of values',
    );
    expect(() => planTrials({ ...sweep, grid: { lr: { min: 0, max: 1, log: true } } }, 3)).toThrow(
      'orchestrator.sweep.grid.lr: a range needs finite min < max and min > 0 for log, got {"min":0,"max":1,"log":true}',
    );
  });

  it('plans by strategy and refuses an empty grid', () => {
    const sweep = { strategy: 'grid' as const, grid: {}, trials: null, maxConcurrent: 1, maxAttempts: 1, keepCheckpoints: 'bestAndLast' as const };
    expect(() => planTrials(sweep, 1)).toThrow('orchestrator.sweep.grid is empty: give at least one path, e.g. --grid train.learningRate=1e-5,2e-5');
    expect(planTrials({ ...sweep, strategy: 'random', grid: { a: [1, 2] }, trials: 3 }, 1)).toHaveLength(3);
  });

  it('parses --grid arguments (numbers, strings, JSON arrays)', () => {
    expect(parseGridArg('train.learningRate=1e-5,2e-5,3e-5')).toEqual(['train.learningRate', [1e-5, 2e-5, 3e-5]]);
    expect(parseGridArg('data.split.method=head,stratified')).toEqual(['data.split.method', ['head', 'stratified']]);
    expect(parseGridArg('train.classWeights=[[1,2,3],"none"]')).toEqual(['train.classWeights', [[1, 2, 3], 'none']]);
    expect(() => parseGridArg('train.learningRate')).toThrow('--grid "train.learningRate": expected path=value1,value2,…');
    expect(() => parseGridArg('a=')).toThrow('--grid "a=": no values after \'=\'');
  });
});
