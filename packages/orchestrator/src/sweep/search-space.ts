import { BertfitError } from '@bertfit/core';
import type { SearchRange, SweepConfig } from '../config-types.js';

/** One trial: the config paths it overrides and their values, in the grid's key order. */
export interface TrialPlan {
  index: number;
  overrides: Record<string, unknown>;
}

/** Every combination, last key varying fastest (like itertools.product). */
export function expandGrid(grid: Record<string, readonly unknown[]>): TrialPlan[] {
  const keys = Object.keys(grid);
  for (const k of keys) {
    if (!Array.isArray(grid[k]) || grid[k].length === 0)
      throw new BertfitError(`orchestrator.sweep.grid.${k}: expected a non-empty list of values, got ${JSON.stringify(grid[k])}`);
  }
  let combos: Record<string, unknown>[] = [{}];
  for (const k of keys) combos = combos.flatMap((c) => grid[k]!.map((v) => ({ ...c, [k]: v })));
  return combos.map((overrides, index) => ({ index, overrides }));
}

/** mulberry32: a small seeded generator, so a random sweep is the same sweep when re-run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `trials` draws from the value lists; distinct combinations while any are left. */
export function sampleRandom(grid: Record<string, readonly unknown[]>, trials: number, seed: number): TrialPlan[] {
  if (!Number.isInteger(trials) || trials < 1) throw new BertfitError(`orchestrator.sweep.trials: random search needs an integer ≥ 1, got ${trials}`);
  const all = expandGrid(grid);
  const rand = seededRandom(seed);
  const pool = [...all];
  const out: TrialPlan[] = [];
  for (let i = 0; i < trials; i++) {
    if (pool.length === 0) pool.push(...all);
    const [pick] = pool.splice(Math.floor(rand() * pool.length), 1);
    out.push({ index: i, overrides: pick!.overrides });
  }
  return out;
}

/** Random search over lists and ranges: lists as in sampleRandom, ranges drawn (log-)uniformly. */
export function sampleWithRanges(grid: Record<string, readonly unknown[] | SearchRange>, trials: number, seed: number): TrialPlan[] {
  const lists: Record<string, readonly unknown[]> = {};
  const ranges: [string, SearchRange][] = [];
  for (const [k, v] of Object.entries(grid)) {
    if (Array.isArray(v)) lists[k] = v;
    else ranges.push([k, checkRange(k, v as SearchRange)]);
  }
  const base: TrialPlan[] = Object.keys(lists).length > 0 ? sampleRandom(lists, trials, seed) : sampleRandom({ '': [null] }, trials, seed).map((t) => ({ ...t, overrides: {} }));
  const rand = seededRandom(seed ^ 0x9e3779b9);
  return base.map((t) => {
    const drawn: Record<string, unknown> = {};
    for (const [k, r] of ranges) {
      const u = rand();
      drawn[k] = r.log ? Math.exp(Math.log(r.min) + u * (Math.log(r.max) - Math.log(r.min))) : r.min + u * (r.max - r.min);
    }
    // Keep the grid's key order in the overrides.
    const overrides: Record<string, unknown> = {};
    for (const k of Object.keys(grid)) overrides[k] = k in drawn ? drawn[k] : t.overrides[k];
    return { index: t.index, overrides };
  });
}

function checkRange(path: string, r: SearchRange): SearchRange {
  if (!(Number.isFinite(r.min) && Number.isFinite(r.max) && r.min < r.max) || (r.log && r.min <= 0)) {
    throw new BertfitError(`orchestrator.sweep.grid.${path}: a range needs finite min < max${r.log ? ' and min > 0 for log' : ''}, got ${JSON.stringify(r)}`);
  }
  return r;
}

export function planTrials(sweep: SweepConfig, seed: number): TrialPlan[] {
  if (Object.keys(sweep.grid).length === 0) throw new BertfitError('orchestrator.sweep.grid is empty: give at least one path, e.g. --grid train.learningRate=1e-5,2e-5');
  switch (sweep.strategy) {
    case 'grid': {
      const lists: Record<string, readonly unknown[]> = {};
      for (const [k, v] of Object.entries(sweep.grid)) {
        if (!Array.isArray(v)) throw new BertfitError(`orchestrator.sweep.grid.${k}: a {min,max} range needs strategy "random"; grid search takes a list of values`);
        lists[k] = v;
      }
      return expandGrid(lists);
    }
    case 'random':
      if (!Number.isInteger(sweep.trials) || (sweep.trials ?? 0) < 1) {
        throw new BertfitError(`orchestrator.sweep.trials: random search needs an integer ≥ 1, got ${sweep.trials}`);
      }
      return sampleWithRanges(sweep.grid, sweep.trials!, seed);
    default: {
      const bad: never = sweep.strategy;
      throw new BertfitError(`orchestrator.sweep.strategy: expected "grid" or "random", got ${JSON.stringify(bad)}`);
    }
  }
}
