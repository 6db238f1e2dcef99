import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import type { RunConfigLike } from '../config-types.js';
import { planTrials, type TrialPlan } from './search-space.js';
import { checkedTrialConfig, describeOverrides } from './trial-config.js';

/** What a sweep will run, decided before anything is submitted (and all `--dry-run` shows). */
export interface SweepPlan {
  id: string;
  sweepDir: string;
  plans: TrialPlan[];
}

/** The sweep id: the same config and plan always give the same id, hence the same folder and ledger. */
export function sweepId(config: RunConfigLike, plans: readonly TrialPlan[]): string {
  const { orchestrator: _o, ...rest } = config;
  return createHash('sha256').update(JSON.stringify({ rest, plans })).digest('hex').slice(0, 10);
}

/** The config's name as a folder name (names may hold any characters). */
export function safeName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]/g, '_');
}

/** Plans the trials and checks every trial's config; throws before any folder or job exists. */
export function planSweep(config: RunConfigLike, sweepDir?: string): SweepPlan {
  const plans = planTrials(config.orchestrator.sweep, config.seed);
  for (const p of plans) checkedTrialConfig(config, p);
  const id = sweepId(config, plans);
  return { id, plans, sweepDir: resolve(sweepDir ?? join(config.outputDir, 'sweeps', `${safeName(config.name)}-${id}`)) };
}

/** The plan as printed before submitting (and by `bertfit sweep --dry-run`). */
export function planLines(config: RunConfigLike, plan: SweepPlan): string[] {
  const s = config.orchestrator.sweep;
  const how = s.strategy === 'grid' ? `grid over ${Object.keys(s.grid).join(', ')}` : `random search, seed ${config.seed}`;
  return [
    `sweep plan: ${plan.plans.length} trial${plan.plans.length === 1 ? '' : 's'} (${how}), at most ${s.maxConcurrent} at once, into ${plan.sweepDir}`,
    ...plan.plans.map((p) => `  trial ${p.index}: ${describeOverrides(p.overrides)}`),
  ];
}
