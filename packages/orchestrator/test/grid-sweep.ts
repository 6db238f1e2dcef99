import type { SweepConfig } from '../src/config-types.js';

/**
 * The sweep section of the suites' configs: a grid over `grid`, two trials at once, one attempt each,
 * keeping the best and last checkpoints — `over` changes what a test is about.
 */
export function gridSweep(grid: SweepConfig['grid'], over: Partial<Omit<SweepConfig, 'strategy' | 'grid'>> = {}): SweepConfig {
  return { strategy: 'grid', grid, trials: null, maxConcurrent: 2, maxAttempts: 1, keepCheckpoints: 'bestAndLast', ...over };
}
