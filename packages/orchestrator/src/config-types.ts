/**
 * The parts of the resolved run config the orchestrator reads (DESIGN.md's config contract). Typed
 * locally so this package compiles while @bertfit/config's schema lands; the real ResolvedConfig
 * is assignable to RunConfigLike.
 */
import type { SlurmConfig } from './slurm/slurm-config.js';

export interface AutoConfig {
  /** Metric name in the infer result file (`accuracy`, `f1_macro`, …). */
  metric: string;
  /** Stop once the selected split's metric reaches this value (a fraction, 0.7943 = 79.43%); null: never. */
  target: number | null;
  /** Stop after this many consecutive evaluations below the previous one (1 = the study's rule); null: never. */
  dropPatience: number | null;
  /** Split the checkpoints are selected on; `test` reproduces the study and leaks the test set. */
  selectOn: 'validation' | 'test';
}

/** A continuous range for random search: uniform, or log-uniform when `log` (e.g. learning rates). */
export interface SearchRange {
  min: number;
  max: number;
  log: boolean;
}

export interface SweepConfig {
  strategy: 'grid' | 'random';
  /** Config path → candidate values (grid: all combinations; random: draws from the lists or ranges). */
  grid: Record<string, readonly unknown[] | SearchRange>;
  /** Number of trials for `random` (grid ignores it unless smaller than the grid, then it is an error). */
  trials: number | null;
  /** Trials running at once (SLURM array throttle `%N`, local concurrency). */
  maxConcurrent: number;
  /** Attempts per trial before it is marked failed (requeues after PREEMPTED/NODE_FAIL do not count). */
  maxAttempts: number;
}

export interface OrchestratorConfig {
  executor: 'local' | 'slurm';
  slurm: SlurmConfig;
  auto: AutoConfig;
  sweep: SweepConfig;
}

export interface RunConfigLike {
  name: string;
  outputDir: string;
  seed: number;
  train: { metricForBest: string; greaterIsBetter: boolean; [k: string]: unknown };
  orchestrator: OrchestratorConfig;
  [section: string]: unknown;
}
