import { describe, it, expect, afterAll } from '@jest/globals';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveConfig } from '@bertfit/config';
import { withGridArgs } from './grid-args.js';
import { planLines, planSweep } from './sweep-plan.js';
import { trialConfig } from './trial-config.js';

const root = mkdtempSync(join(tmpdir(), 'bertfit-sweep-plan-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
// The demo preset's grid: four learning rates.
const demo = resolveConfig({ preset: 'demo', set: [`outputDir=${root}`] });
const grids = (c: typeof demo) => planSweep(c).plans.map((p) => p.overrides);

describe('planning a sweep', () => {
  it('--grid replaces the config grid, --grid-add merges into it (or into --grid)', () => {
    expect(grids(withGridArgs(demo, { grid: ['train.warmupSteps=0,20'] }))).toEqual([{ 'train.warmupSteps': 0 }, { 'train.warmupSteps': 20 }]);
    const added = grids(withGridArgs(demo, { gridAdd: ['train.warmupSteps=0,20'] }));
    expect(added).toHaveLength(8);
    expect(added[1]).toEqual({ 'train.learningRate': 2e-4, 'train.warmupSteps': 20 });
    expect(grids(withGridArgs(demo, { grid: ['train.warmupSteps=0,20'], gridAdd: ['train.weightDecay=0,0.1'] }))).toHaveLength(4);
    // The same path again: --grid-add's values win.
    expect(grids(withGridArgs(demo, { gridAdd: ['train.learningRate=1e-3'] }))).toEqual([{ 'train.learningRate': 1e-3 }]);
    expect(withGridArgs(demo, {})).toBe(demo);
  });

  it("prints the plan: N trials and each trial's values", () => {
    const c = withGridArgs(demo, { grid: ['train.learningRate=5e-4,1e-3', 'data.maxLength=16,32'] });
    const plan = planSweep(c);
    expect(planLines(c, plan)).toEqual([
      `sweep plan: 4 trials (grid over train.learningRate, data.maxLength), at most 2 at once, into ${plan.sweepDir}`,
      '  trial 0: train.learningRate=0.0005 data.maxLength=16',
      '  trial 1: train.learningRate=0.0005 data.maxLength=32',
      '  trial 2: train.learningRate=0.001 data.maxLength=16',
      '  trial 3: train.learningRate=0.001 data.maxLength=32',
    ]);
    expect(plan.sweepDir).toBe(join(root, 'sweeps', `demo-${plan.id}`));
    expect(existsSync(plan.sweepDir)).toBe(false);
  });

  it('a grid value no trial can train with fails at planning, naming the trial, the path and the value', () => {
    const bad = withGridArgs(demo, { grid: ['train.learningRate=abc'] });
    expect(() => planSweep(bad)).toThrow('orchestrator.sweep.grid, trial 0 (train.learningRate=abc): train.learningRate: expected number, got string "abc"');
    const range = withGridArgs(demo, { grid: ['train.warmupSteps=10,-5'] });
    expect(() => planSweep(range)).toThrow('orchestrator.sweep.grid, trial 1 (train.warmupSteps=-5): train.warmupSteps: -5 is out of range, expected a value ≥ 0');
    // A path that is not in the config fails in the schema's own words, when the grid is read.
    expect(() => withGridArgs(demo, { grid: ['train.learningRat=1e-3'] })).toThrow('orchestrator.sweep.grid: "train.learningRat" is not a config path a trial can vary.');
    expect(existsSync(join(root, 'sweeps'))).toBe(false);
  });

  it("a trial's config takes its values through the config's override parser, leaving the base config as it was", () => {
    const trial = trialConfig(demo, { 'train.learningRate': 2e-5, 'data.split.method': 'head' });
    expect([trial.train.learningRate, trial.data.split.method]).toEqual([2e-5, 'head']);
    expect(demo.train.learningRate).not.toBe(2e-5);
    expect(() => trialConfig(demo, { 'train.learningRat': 1e-3 })).toThrow('orchestrator.sweep.grid (train.learningRat=0.001): unknown config key "train.learningRat".');
    expect(() => trialConfig(demo, { train: 1 })).toThrow('orchestrator.sweep.grid (train=1): train is a section');
  });
});
