import { BertfitError } from '@bertfit/core';
import type { RunConfigLike } from '../config-types.js';
import { createExecutor } from '../create-executor.js';
import { bertfitCommands, JOB_ENV, type JobCommands } from '../jobs/commands.js';
import { JobDriver } from '../jobs/driver.js';
import type { Executor, JobSpec } from '../jobs/executor.js';
import { defaultPoll, type PollOptions } from '../jobs/poll.js';
import type { Ledger } from './ledger.js';
import type { TrialPlan } from './search-space.js';
import type { SweepPlan } from './sweep-plan.js';
import { TrialProgress } from './trial-progress.js';
import { isTrialDone, newTrialRecord, type TrialRecord } from './trial-record.js';

export interface SweepOptions {
  executor?: Executor;
  /** Default: `<outputDir>/sweeps/<name>-<sweep id>`; the id hashes the config and the plan, so a re-run resumes. */
  sweepDir?: string;
  commands?: JobCommands;
  /** Default: LOCAL_POLL (2 s cap) for the local executor, DEFAULT_POLL (30 s cap) for SLURM. */
  poll?: PollOptions;
  log?: (line: string) => void;
  signal?: AbortSignal;
  /** A job the scheduler cannot account for this long counts as a failed attempt (ms). */
  lostAfterMs?: number;
}

/** Everything a sweep's steps share: the plan, the ledger and its records, and the job driver. */
export interface SweepContext {
  config: RunConfigLike;
  id: string;
  sweepDir: string;
  meta: SweepMeta;
  ledger: Ledger;
  /** Every trial's latest record, as the ledger holds it. */
  records: Map<number, TrialRecord>;
  driver: JobDriver;
  executor: Executor;
  commands: JobCommands;
  poll: PollOptions;
  progress: TrialProgress;
  log: (line: string) => void;
  signal: AbortSignal | undefined;
}

/** sweep.json: the plan and the batch counter (array names must never repeat within a sweep). */
export interface SweepMeta {
  sweepId: string;
  plans: TrialPlan[];
  nextBatch: number;
}

/** The context of a locked ledger: the sweep's meta checked (or written) and every trial's record loaded (or planned). */
export function sweepContext(config: RunConfigLike, plan: SweepPlan, ledger: Ledger, opts: SweepOptions, log: (line: string) => void): SweepContext {
  const { id, plans, sweepDir } = plan;
  const meta = ledger.readMeta() ?? { sweepId: id, plans, nextBatch: 0 };
  if (meta.sweepId !== id) throw new BertfitError(`sweep folder ${sweepDir} holds sweep ${meta.sweepId}, not ${id} (the config or grid changed); use another folder`);
  ledger.writeMeta(meta);
  const records = new Map<number, TrialRecord>();
  for (const p of plans) {
    const name = `${config.name}[${Object.entries(p.overrides)
      .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
      .join(',')}]`;
    records.set(p.index, ledger.read(p.index) ?? ledger.write(newTrialRecord(p.index, name, p.overrides), 'planned'));
  }
  const executor = opts.executor ?? createExecutor(config.orchestrator, { log });
  const poll = opts.poll ?? defaultPoll(config.orchestrator.executor);
  const driver = new JobDriver(executor, { poll, log: (line) => log(`sweep: ${line}`), signal: opts.signal, lostAfterMs: opts.lostAfterMs });
  const progress = new TrialProgress(config.train.metricForBest, log);
  return { config, id, sweepDir, meta, ledger, records, driver, executor, commands: opts.commands ?? bertfitCommands(), poll, progress, log, signal: opts.signal };
}

/** Records a transition: the ledger gets every event; the console gets TrialProgress's lines. */
export function put(ctx: SweepContext, r: TrialRecord, event: string): TrialRecord {
  const next = ctx.ledger.write(r, event);
  ctx.records.set(r.index, next);
  return next;
}

export function trials(ctx: SweepContext): TrialRecord[] {
  return [...ctx.records.values()];
}

export function openTrials(ctx: SweepContext): number {
  return trials(ctx).filter((r) => !isTrialDone(r)).length;
}

/** The job of a trial's submission; the same spec finds the job again after a restart. */
export function trialSpec(ctx: SweepContext, r: TrialRecord, sub: NonNullable<TrialRecord['submission']>): JobSpec {
  return {
    name: `${sub.arrayName}-${r.index}`,
    argv: ctx.commands.train({ configFile: sub.configFile, resultFile: sub.resultFile, resume: r.resumeFrom }),
    cwd: process.cwd(),
    jobDir: sub.jobDir,
    env: JOB_ENV,
  };
}
