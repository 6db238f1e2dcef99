import { basename, dirname } from 'node:path';
import { applyOverride, checkOverride, parseConfig } from '@bertfit/config';
import type { RunConfigLike } from '../config-types.js';
import type { TrialPlan } from './search-space.js';
import type { TrialRecord } from './trial-record.js';

/** `train.learningRate=0.001 train.warmupSteps=0`: a trial's values as the user typed them. */
export function describeOverrides(overrides: Record<string, unknown>): string {
  return Object.entries(overrides)
    .map(([k, v]) => `${k}=${describeValue(v)}`)
    .join(' ');
}

/**
 * The base config with a trial's values, each checked at its path by @bertfit/config's own override
 * parser (the one `--set` uses), so a value of the wrong type fails naming the path and the value;
 * the result goes back through the config schema, which is what makes it a typed ResolvedConfig.
 */
export function trialConfig(base: RunConfigLike, overrides: Record<string, unknown>, label = 'orchestrator.sweep.grid', crossCheck = false): RunConfigLike {
  const cfg: Record<string, unknown> = structuredClone(base);
  for (const [path, value] of Object.entries(overrides)) applyOverride(cfg, checkOverride(path, value, `${label} (${path}=${describeValue(value)})`));
  return parseConfig(cfg, `${label}: ${describeOverrides(overrides)}`, { crossCheck });
}

function describeValue(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/**
 * A trial's config, checked by @bertfit/config's own schema (types, ranges, cross-field rules), so a
 * grid value a trial could never train with (`--grid train.learningRate=abc`) fails at planning,
 * naming the trial, the path and the value, instead of as N failed jobs.
 */
export function checkedTrialConfig(base: RunConfigLike, plan: TrialPlan): RunConfigLike {
  // Cross-field rules too: the ConfigError names the grid, the trial and, per problem, the path and the value.
  return trialConfig(base, plan.overrides, `orchestrator.sweep.grid, trial ${plan.index}`, true);
}

/**
 * The config a trial's job trains with: the trial's values, its own run dir, and, unless
 * keepCheckpoints is "all", train.saveTotalLimit 1 — the trainer's rotation then keeps only the
 * best and the newest checkpoint (a requeue resumes from the newest), so a sweep cannot fill the disk.
 */
export function jobConfig(config: RunConfigLike, overrides: Record<string, unknown>, runDir: string): RunConfigLike {
  const cfg = { ...trialConfig(config, overrides), name: basename(runDir), outputDir: dirname(runDir) };
  if (config.orchestrator.sweep.keepCheckpoints === 'all') return cfg;
  return { ...cfg, train: { ...cfg.train, saveTotalLimit: 1 } };
}

/**
 * best-config.json: the best trial's values in the user's config (not the job's run dir or
 * rotation), under a name of its own and without the grid, so `bertfit train --config
 * best-config.json` starts a fresh run beside the others (paths in it are absolute already).
 */
export function bestRunConfig(config: RunConfigLike, best: TrialRecord, name: string): RunConfigLike {
  const cfg = trialConfig(config, best.overrides);
  return { ...cfg, name, orchestrator: { ...cfg.orchestrator, sweep: { ...cfg.orchestrator.sweep, grid: {} } } };
}

/** The split trials are compared on, as the leaderboard names it. */
export function validationSplit(config: RunConfigLike): string {
  const s = config.data.split;
  return `validation (${Math.round(s.validationFraction * 100)}% of the train data, split "${s.method}")`;
}
