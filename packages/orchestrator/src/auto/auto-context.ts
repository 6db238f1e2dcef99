import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import { checkpointDir } from '@bertfit/train';
import type { RunConfigLike } from '../config-types.js';
import { createExecutor } from '../create-executor.js';
import { bertfitCommands, JOB_ENV, type JobCommands } from '../jobs/commands.js';
import { JobDriver } from '../jobs/driver.js';
import type { Executor, JobHandle, JobSpec } from '../jobs/executor.js';
import { defaultPoll, type PollOptions } from '../jobs/poll.js';
import { writeJournal, type AutoJournal } from './auto-journal.js';
import type { AutoSettings } from './auto-machine.js';
import { openWorkDir } from './work-dir.js';

export interface AutoOptions {
  executor?: Executor;
  /** Default `<outputDir>/<name>-auto`; the trainer's run dir is `<workDir>/run`. */
  workDir?: string;
  commands?: JobCommands;
  /** Default: LOCAL_POLL for the local executor, DEFAULT_POLL for SLURM. */
  poll?: PollOptions;
  log?: (line: string) => void;
  signal?: AbortSignal;
  /** A job the scheduler cannot account for this long counts as ended (ms). */
  lostAfterMs?: number;
}

/** What a split evaluation is: one checkpoint on one split. */
export interface Evaluation {
  step: number;
  split: 'validation' | 'test';
}

/** Everything auto's steps share: the work dir's paths, its journal, the driver and the jobs in flight. */
export interface AutoContext {
  config: RunConfigLike;
  settings: AutoSettings;
  workDir: string;
  /** The trainer's run dir, where checkpoints appear. */
  runDir: string;
  bestDir: string;
  /** run-config.json: `bertfit infer --checkpoint <workDir>/best-checkpoint` finds the data config beside it. */
  configFile: string;
  trainResultFile: string;
  /** SLURM finds a job again by its name, so names are unique per work dir: two auto runs never adopt each other's jobs. */
  prefix: string;
  journal: AutoJournal;
  driver: JobDriver;
  executor: Executor;
  commands: JobCommands;
  poll: PollOptions;
  log: (line: string) => void;
  train: JobHandle | null;
  evalHandle: JobHandle | null;
  finished: boolean;
  /** Steps whose evaluation was skipped (checkpoint rotated away); fed back as failed evaluations. */
  vanished: number[];
  /** Steps seen so far, as a set: with train.saveTotalLimit a save adds one checkpoint and rotation removes one, so the count alone never changes. */
  seen: Set<number>;
  warned: Set<string>;
}

/** Opens (or resumes) the work dir and sets up the driver; submits nothing. */
export function autoContext(config: RunConfigLike, settings: AutoSettings, opts: AutoOptions, log: (line: string) => void): AutoContext {
  const workDir = resolve(opts.workDir ?? join(config.outputDir, `${config.name.replace(/[^A-Za-z0-9._-]/g, '_')}-auto`));
  const configFile = join(workDir, 'run-config.json');
  const executor = opts.executor ?? createExecutor(config.orchestrator, { maxConcurrent: 2, log });
  const poll = opts.poll ?? defaultPoll(config.orchestrator.executor);
  const journal = openWorkDir(workDir, configFile, { ...config, outputDir: workDir, name: 'run' }, settings, log);
  return {
    config,
    settings,
    workDir,
    runDir: join(workDir, 'run'),
    bestDir: join(workDir, 'best-checkpoint'),
    configFile,
    trainResultFile: join(workDir, 'train-result.json'),
    prefix: `bfa-${createHash('sha256').update(workDir).digest('hex').slice(0, 8)}`,
    journal,
    driver: new JobDriver(executor, { poll, log: (line) => log(`auto: ${line}`), signal: opts.signal, lostAfterMs: opts.lostAfterMs }),
    executor,
    commands: opts.commands ?? bertfitCommands(),
    poll,
    log,
    train: null,
    evalHandle: null,
    finished: journal.machine.stop !== null && journal.pending.length === 0,
    vanished: [],
    seen: new Set(),
    warned: new Set(),
  };
}

export function autoJob(ctx: AutoContext, name: string, argv: string[]): JobSpec {
  return { name: `${ctx.prefix}-${name}`, argv, cwd: process.cwd(), jobDir: join(ctx.workDir, 'jobs', name), env: JOB_ENV };
}

export function trainSpec(ctx: AutoContext): JobSpec {
  return autoJob(ctx, 'train', ctx.commands.train({ configFile: ctx.configFile, resultFile: ctx.trainResultFile, resume: null }));
}

export function evalResultFile(ctx: AutoContext, e: Evaluation): string {
  return join(ctx.workDir, 'evals', `step-${e.step}.${e.split}.json`);
}

export function evalSpec(ctx: AutoContext, e: Evaluation): JobSpec {
  const checkpoint = checkpointDir(ctx.runDir, e.step);
  return autoJob(ctx, `eval-${e.step}-${e.split}`, ctx.commands.infer({ checkpoint, split: e.split, resultFile: evalResultFile(ctx, e), configFile: ctx.configFile }));
}

export function saveJournal(ctx: AutoContext): void {
  writeJournal(ctx.workDir, ctx.journal);
}

export function warnOnce(ctx: AutoContext, message: string): void {
  if (!ctx.warned.has(message)) ctx.log(`auto: warning: ${message}`);
  ctx.warned.add(message);
}
