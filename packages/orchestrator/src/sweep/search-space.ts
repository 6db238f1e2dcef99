import { BertfitError } from '@bertfit/config';
import type { SweepConfig } from '../config-types.js';

/** One trial: the config paths it overrides and their values, in the grid's key order. */
export interface TrialPlan {
  index: number;
  overrides: Record<string, unknown>;
}

/** Every combination, last key varying fastest (like itertools.product). */
export function expandGrid(grid: Record<string, readonly unknown[]>): TrialPlan[] {
  const keys = Object.keys(grid);
  for (const k of keys) {
    if (!Array.isArray(grid[k]) || grid[k].length === 0) throw new BertfitError(`orchestrator.sweep.grid.${k}: expected a non-empty list of values, got ${JSON.stringify(grid[k])}`);
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

export function planTrials(sweep: SweepConfig, seed: number): TrialPlan[] {
  if (Object.keys(sweep.grid).length === 0) throw new BertfitError('orchestrator.sweep.grid is empty: give at least one path, e.g. --grid train.learningRate=1e-5,2e-5');
  switch (sweep.strategy) {
    case 'grid':
      return expandGrid(sweep.grid);
    case 'random':
      return sampleRandom(sweep.grid, sweep.trials ?? 0, seed);
    default: {
      const bad: never = sweep.strategy;
      throw new BertfitError(`orchestrator.sweep.strategy: expected "grid" or "random", got ${JSON.stringify(bad)}`);
    }
  }
}
