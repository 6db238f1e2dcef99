import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { BertfitError } from '@bertfit/config';
import { copyDirAtomic, readJsonFile, writeJsonAtomic } from '../atomic.js';
import type { RunConfigLike } from '../config-types.js';
import { createExecutor } from '../create-executor.js';
import { completeCheckpoints } from '../jobs/checkpoints.js';
import { bertfitCommands, type JobCommands } from '../jobs/commands.js';
import type { Executor, JobHandle, JobSpec } from '../jobs/executor.js';
import { describeState, isTerminal } from '../jobs/job-state.js';
import { Backoff, defaultPoll, sleep, waitForJobs, type PollOptions } from '../jobs/poll.js';
import { readInferResult, readTrainResult } from '../jobs/result-files.js';
import { journalFile, readJournal, writeJournal, type AutoJournal } from './auto-journal.js';
import { autoStep, initialAutoState, TEST_LEAK_WARNING, type AutoAction, type AutoEvent, type AutoSettings } from './auto-machine.js';
import { writeAutoReport, type AutoSummary } from './auto-report.js';

export interface AutoOptions {
  executor?: Executor;
  /** Default `<outputDir>/<name>-auto`; the trainer's run dir is `<workDir>/run`. */
  workDir?: string;
  commands?: JobCommands;
  /** Default: LOCAL_POLL for the local executor, DEFAULT_POLL for SLURM. */
  poll?: PollOptions;
  log?: (line: string) => void;
  signal?: AbortSignal;
}

const JOB_ENV = { FORCE_COLOR: '0', NO_COLOR: '1' };

/**
 * The machine's settings from `orchestrator.auto` (already checked by the config schema). The metric
 * defaults to the run's train.metricForBest with its direction, so auto's best is the trainer's best;
 * a metric named explicitly takes its usual direction (loss is the only lower-is-better one).
 */
export function autoSettings(config: RunConfigLike): AutoSettings {
  const a = config.orchestrator.auto;
  const metric = a.metric ?? config.train.metricForBest;
  const greaterIsBetter = a.metric === null ? config.train.greaterIsBetter : a.metric !== 'loss';
  return { metric, target: a.target, dropPatience: a.dropPatience, selectOn: a.selectOn, greaterIsBetter };
}

/**
 * Trains as a job and evaluates each checkpoint as it appears, in ascending step order, one
 * inference job each; stops on target or drop (cancelling what still runs), backs up each new
 * best atomically, scores test once at the end, and writes the report. Every transition is
 * journalled (auto-journal.ts), so the same command run again after the orchestrator was killed
 * re-attaches to its jobs and evaluates the checkpoints it has not yet seen.
 */
export async function runAuto(config: RunConfigLike, opts: AutoOptions = {}): Promise<AutoSummary> {
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const settings = autoSettings(config);
  const warnings = settings.selectOn === 'test' ? [TEST_LEAK_WARNING] : [];
  for (const w of warnings) log(`auto: warning: ${w}`);
  // The user's limit is kept (it bounds disk); rotation can then delete a checkpoint before its turn.
  if (config.train.saveTotalLimit !== null) {
    log(`auto: note: train.saveTotalLimit is ${config.train.saveTotalLimit}; a checkpoint rotated away before its evaluation is skipped (set it to null to evaluate every checkpoint)`);
  }
  const workDir = resolve(opts.workDir ?? join(config.outputDir, `${config.name.replace(/[^A-Za-z0-9._-]/g, '_')}-auto`));
  const runDir = join(workDir, 'run');
  const bestDir = join(workDir, 'best-checkpoint');
  const executor = opts.executor ?? createExecutor(config.orchestrator, { maxConcurrent: 2, log });
  const commands = opts.commands ?? bertfitCommands();
  const poll = opts.poll ?? defaultPoll(config.orchestrator.executor);
  // SLURM finds a job again by its name, so names are unique per work dir: two auto runs never adopt each other's jobs.
  const prefix = `bfa-${createHash('sha256').update(workDir).digest('hex').slice(0, 8)}`;
  const job = (name: string, argv: string[]): JobSpec => ({ name: `${prefix}-${name}`, argv, cwd: process.cwd(), jobDir: join(workDir, 'jobs', name), env: JOB_ENV });
  // A job of a killed run is found again, never started twice; only a job that never ran is submitted.
  const start = async (spec: JobSpec): Promise<JobHandle> => {
    const found = await executor.reattach(spec);
    if (found) log(`auto: re-attached to job ${found.id} (${spec.jobDir}, started by an earlier run)`);
    return found ?? executor.submit(spec);
  };
  // run-config.json: `bertfit infer --checkpoint <workDir>/best-checkpoint` finds the data config beside it.
  const configFile = join(workDir, 'run-config.json');
  const j = openWorkDir(workDir, configFile, { ...config, outputDir: workDir, name: 'run' }, settings, log);
  const save = (): void => writeJournal(workDir, j);
  const trainResultFile = join(workDir, 'train-result.json');
  const trainSpec = job('train', commands.train({ configFile, resultFile: trainResultFile, resume: null }));
  // Once the machine has stopped, training is only looked up (for a pending cancel), never submitted.
  const train = j.trainEnded ? null : j.machine.stop === null ? await start(trainSpec) : await executor.reattach(trainSpec);
  if (train) log(`auto: training is job ${train.id}; watching ${runDir}`);
  const evalResult = (e: { step: number; split: string }): string => join(workDir, 'evals', `step-${e.step}.${e.split}.json`);
  const evalSpec = (e: { step: number; split: 'validation' | 'test' }): JobSpec =>
    job(`eval-${e.step}-${e.split}`, commands.infer({ checkpoint: join(runDir, `checkpoint-${e.step}`), split: e.split, resultFile: evalResult(e), configFile }));
  let evalHandle: JobHandle | null = null;
  let finished = j.machine.stop !== null && j.pending.length === 0;
  // Steps whose evaluation was skipped (checkpoint rotated away); fed back as failed evaluations.
  const vanished: number[] = [];

  const feed = async (e: AutoEvent): Promise<void> => {
    const r = autoStep(j.machine, e);
    j.machine = r.state;
    j.pending.push(...r.actions);
    save();
    await drain();
  };

  /** Carries out the decided actions in order; each leaves the journal only once it is done. */
  async function drain(): Promise<void> {
    while (j.pending.length > 0) {
      await apply(j.pending[0]!);
      j.pending.shift();
      save();
    }
  }

  async function apply(a: AutoAction): Promise<void> {
    switch (a.type) {
      case 'evaluate': {
        if (!existsSync(join(runDir, `checkpoint-${a.step}`))) {
          // Rotated away (train.saveTotalLimit) before its turn: skipped, not a crash.
          log(`auto: warning: checkpoint-${a.step} was deleted before its evaluation (train.saveTotalLimit rotation?); skipped`);
          vanished.push(a.step);
          j.evaluation = null;
          return;
        }
        j.evaluation = { step: a.step, split: a.split };
        evalHandle = await start(evalSpec(j.evaluation));
        log(`auto: evaluating checkpoint-${a.step} on ${a.split} as job ${evalHandle.id}`);
        return;
      }
      case 'backupBest':
        if (!existsSync(join(runDir, `checkpoint-${a.step}`))) {
          log(`auto: warning: checkpoint-${a.step} (new best) was deleted before its backup (train.saveTotalLimit rotation?); ${bestDir} keeps the previous best`);
          return;
        }
        copyDirAtomic(join(runDir, `checkpoint-${a.step}`), bestDir);
        writeJsonAtomic(join(workDir, 'best.json'), { step: a.step, value: j.machine.best?.value ?? null, metric: settings.metric, source: join(runDir, `checkpoint-${a.step}`) });
        log(`auto: new best at step ${a.step} (${settings.metric} ${j.machine.best?.value}); backed up to ${bestDir}`);
        return;
      case 'cancelTraining':
        if (!train) return;
        log(`auto: cancelling training job ${train.id}`);
        await executor.cancel([train]);
        return;
      case 'cancelEvaluation':
        if (evalHandle) await executor.cancel([evalHandle]);
        return;
      case 'scoreTest': {
        const resultFile = join(workDir, 'evals', `best-step-${a.step}.test.json`);
        const h = await start(job(`test-${a.step}`, commands.infer({ checkpoint: bestDir, split: 'test', resultFile, configFile })));
        const st = (await waitForJobs(executor, [h], { poll })).get(h.id)!;
        j.test = readInferResult(resultFile); // its own result first, whatever the scheduler's state
        if (!j.test) log(`auto: scoring test on the best checkpoint failed: job ${describeState(st)}, result ${resultFile}`);
        return;
      }
      case 'finish':
        finished = true;
        return;
      default: {
        const bad: never = a;
        throw new Error(`auto: unhandled action ${JSON.stringify(bad)}`);
      }
    }
  }

  // Resuming: first what was decided but not done, then the evaluation that was in flight.
  await drain();
  if (j.evaluation && !evalHandle) evalHandle = await start(evalSpec(j.evaluation));
  else if (!j.evaluation && j.machine.inFlight !== null) vanished.push(j.machine.inFlight);

  const backoff = new Backoff(poll);
  // Steps seen so far, as a set: with train.saveTotalLimit a save adds one checkpoint and rotation
  // removes one, so the count alone never changes.
  const seen = new Set<number>();
  const warned = new Set<string>();
  const warnOnce = (m: string): void => {
    if (!warned.has(m)) log(`auto: warning: ${m}`);
    warned.add(m);
  };
  while (!finished && !opts.signal?.aborted) {
    let changed = false;
    const handles = [...(train && !j.trainEnded ? [train] : []), ...(evalHandle ? [evalHandle] : [])];
    const states = await executor.status(handles);
    const trainState = train && !j.trainEnded ? states.get(train.id) : undefined;
    // Checkpoints are read after the training state: if it has ended, all of them are on disk.
    const steps = (await completeCheckpoints(runDir, warnOnce)).map((c) => c.step);
    if (steps.some((step) => !seen.has(step))) {
      for (const step of steps) seen.add(step);
      changed = true;
      await feed({ type: 'checkpoints', steps });
    }
    // A queued checkpoint that vanished is recorded as a failed (skipped) evaluation, which also
    // moves the machine on to the next step.
    for (let step = vanished.shift(); step !== undefined; step = vanished.shift()) {
      changed = true;
      await feed({ type: 'evalFailed', step, error: `checkpoint-${step} was deleted before its evaluation; skipped` });
    }
    const ev = j.evaluation;
    const evState = evalHandle ? states.get(evalHandle.id) : undefined;
    if (ev && evState && isTerminal(evState)) {
      j.evaluation = null;
      evalHandle = null;
      changed = true;
      const resultFile = evalResult(ev);
      // The job's own result first: the scheduler's final state can be wrong after an outage.
      const metrics = readInferResult(resultFile);
      const gone = !metrics && !existsSync(join(runDir, `checkpoint-${ev.step}`)) ? `; checkpoint-${ev.step} was deleted during its evaluation` : '';
      if (gone) log(`auto: warning: checkpoint-${ev.step} was deleted during its evaluation (train.saveTotalLimit rotation?); skipped`);
      await feed(metrics ? { type: 'evalDone', step: ev.step, metrics } : { type: 'evalFailed', step: ev.step, error: `inference job ${describeState(evState)}${evState.state === 'COMPLETED' ? `, no result at ${resultFile}` : ''}${gone}` });
    }
    if (!finished && train && trainState && isTerminal(trainState)) {
      j.trainEnded = true;
      changed = true;
      const result = readTrainResult(trainResultFile, config.train.metricForBest);
      const ok = result !== null && result.status !== 'failed';
      log(`auto: training job ${train.id} ended ${describeState(trainState)}`);
      await feed({ type: 'trainingEnded', ok, detail: ok ? `${result!.status} at step ${result!.lastStep}` : `job ${describeState(trainState)}${result ? `, status ${result.status}` : ''}` });
    }
    if (!finished) await sleep(backoff.next(changed), opts.signal);
  }
  if (!finished) {
    // Like a sweep: the jobs keep running and the journal holds the rest, so nothing is lost.
    throw new BertfitError(`auto: interrupted before a stop decision; its jobs keep running; run the same command again to resume ${workDir}`);
  }
  const best = j.machine.best ? { ...j.machine.best, checkpoint: bestDir } : null;
  const test = settings.selectOn === 'test' && best ? (j.machine.evaluated.find((p) => p.step === best.step)?.metrics ?? null) : j.test;
  const summary = await writeAutoReport({ workDir, runDir, metric: settings.metric, selectOn: settings.selectOn, target: settings.target, reason: j.machine.stop!, best, test, evaluated: j.machine.evaluated, warnings });
  log(`auto: done; report at ${summary.files.markdown}`);
  return summary;
}

/**
 * A fresh work dir gets its journal (first: from then on the folder is resumable) and run config;
 * one with a journal is resumed, provided it was started with the same config. A non-empty folder
 * without a journal is not auto's to touch.
 */
function openWorkDir(workDir: string, configFile: string, runConfig: RunConfigLike, settings: AutoSettings, log: (line: string) => void): AutoJournal {
  let journal = existsSync(workDir) ? readJournal(workDir) : null;
  if (journal === null) {
    if (existsSync(workDir) && readdirSync(workDir).length > 0) {
      throw new BertfitError(
        `auto: work dir ${workDir} is not empty and holds no ${basename(journalFile(workDir))} (not left by a resumable auto run); remove it, or choose another \`name\` in the config (or workDir), to start a fresh run`,
      );
    }
    journal = { format: 'bertfit-auto/1', machine: initialAutoState(settings), pending: [], evaluation: null, trainEnded: false, test: null };
    writeJournal(workDir, journal);
  } else {
    const done = journal.machine.evaluated.map((p) => p.step);
    log(`auto: resuming ${workDir} (${done.length} checkpoint(s) evaluated${done.length ? `, last step ${done.at(-1)}` : ''}${journal.trainEnded ? ', training ended' : ''})`);
  }
  mkdirSync(join(workDir, 'evals'), { recursive: true }); // result files go here; the CLI need not create folders
  const before = readJsonFile(configFile);
  if (before === null) writeJsonAtomic(configFile, runConfig); // also when killed between the journal and the config
  else if (JSON.stringify(before) !== JSON.stringify(runConfig)) {
    throw new BertfitError(`auto: work dir ${workDir} was started with another config (${configFile}); run the same config to resume it, or choose another \`name\` (or workDir) to start a fresh run`);
  }
  return journal;
}
