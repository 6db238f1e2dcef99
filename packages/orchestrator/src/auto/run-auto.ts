import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BertfitError } from '@bertfit/config';
import { copyDirAtomic, writeJsonAtomic } from '../atomic.js';
import type { RunConfigLike } from '../config-types.js';
import { createExecutor } from '../create-executor.js';
import { completeCheckpoints } from '../jobs/checkpoints.js';
import { bertfitCommands, type JobCommands } from '../jobs/commands.js';
import type { Executor, JobHandle, JobSpec } from '../jobs/executor.js';
import { describeState, isTerminal } from '../jobs/job-state.js';
import { Backoff, defaultPoll, sleep, waitForJobs, type PollOptions } from '../jobs/poll.js';
import { readInferResult, readTrainResult } from '../jobs/result-files.js';
import { autoStep, initialAutoState, TEST_LEAK_WARNING, type AutoAction, type AutoEvent, type AutoSettings, type AutoState } from './auto-machine.js';
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

interface EvalJob {
  step: number;
  handle: JobHandle;
  resultFile: string;
}

/** Checks `orchestrator.auto` and derives the machine's settings (loss is the only lower-is-better metric). */
export function autoSettings(config: RunConfigLike): AutoSettings {
  const a = config.orchestrator.auto;
  if (a.target !== null && (!Number.isFinite(a.target) || a.target < 0 || (a.metric !== 'loss' && a.target > 1))) {
    throw new BertfitError(`orchestrator.auto.target: metrics are fractions, so ${a.target} can never be reached; write 0.7943 for 79.43%`);
  }
  if (a.dropPatience !== null && (!Number.isInteger(a.dropPatience) || a.dropPatience < 1)) {
    throw new BertfitError(`orchestrator.auto.dropPatience: expected an integer ≥ 1 or null, got ${a.dropPatience}`);
  }
  return { metric: a.metric, target: a.target, dropPatience: a.dropPatience, selectOn: a.selectOn, greaterIsBetter: a.metric !== 'loss' };
}

/**
 * Trains as a job and evaluates each checkpoint as it appears, in ascending step order, one
 * inference job each; stops on target or drop (cancelling what still runs), backs up each new
 * best atomically, scores test once at the end, and writes the report.
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
  const job = (name: string, argv: string[]): JobSpec => ({ name, argv, cwd: process.cwd(), jobDir: join(workDir, 'jobs', name), env: JOB_ENV });

  // Auto cannot resume: an old run/, jobs/ or evals/ would be read as this run's (stale results).
  if (existsSync(workDir) && readdirSync(workDir).length > 0) {
    throw new BertfitError(
      `auto: work dir ${workDir} is not empty (left by an earlier auto run); remove it, or choose another \`name\` in the config (or workDir), to start a fresh run`,
    );
  }
  mkdirSync(join(workDir, 'evals'), { recursive: true }); // result files go here; the CLI need not create folders
  // run-config.json: `bertfit infer --checkpoint <workDir>/best-checkpoint` finds the data config beside it.
  const configFile = join(workDir, 'run-config.json');
  writeJsonAtomic(configFile, { ...config, outputDir: workDir, name: 'run' });
  const trainResultFile = join(workDir, 'train-result.json');
  const train = await executor.submit(job('train', commands.train({ configFile, resultFile: trainResultFile, resume: null })));
  log(`auto: training submitted as job ${train.id}; watching ${runDir}`);

  let state: AutoState = initialAutoState(settings);
  // A holder, not a `let`: the action handler replaces it, which TypeScript's narrowing cannot see.
  const inFlight: { evaluation: EvalJob | null } = { evaluation: null };
  let trainEnded = false;
  let test: Record<string, number> | null = null;
  let finished = false;

  const feed = async (e: AutoEvent): Promise<void> => {
    const r = autoStep(state, e);
    state = r.state;
    for (const a of r.actions) await apply(a);
  };

  async function apply(a: AutoAction): Promise<void> {
    switch (a.type) {
      case 'evaluate': {
        if (!existsSync(join(runDir, `checkpoint-${a.step}`))) {
          // Rotated away (train.saveTotalLimit) before its turn: skipped, not a crash.
          log(`auto: warning: checkpoint-${a.step} was deleted before its evaluation (train.saveTotalLimit rotation?); skipped`);
          vanished.push(a.step);
          inFlight.evaluation = null;
          return;
        }
        const resultFile = join(workDir, 'evals', `step-${a.step}.${a.split}.json`);
        const handle = await executor.submit(job(`eval-${a.step}-${a.split}`, commands.infer({ checkpoint: join(runDir, `checkpoint-${a.step}`), split: a.split, resultFile, configFile })));
        inFlight.evaluation = { step: a.step, handle, resultFile };
        log(`auto: evaluating checkpoint-${a.step} on ${a.split} as job ${handle.id}`);
        return;
      }
      case 'backupBest':
        if (!existsSync(join(runDir, `checkpoint-${a.step}`))) {
          log(`auto: warning: checkpoint-${a.step} (new best) was deleted before its backup (train.saveTotalLimit rotation?); ${bestDir} keeps the previous best`);
          return;
        }
        copyDirAtomic(join(runDir, `checkpoint-${a.step}`), bestDir);
        writeJsonAtomic(join(workDir, 'best.json'), { step: a.step, value: state.best?.value ?? null, metric: settings.metric, source: join(runDir, `checkpoint-${a.step}`) });
        log(`auto: new best at step ${a.step} (${settings.metric} ${state.best?.value}); backed up to ${bestDir}`);
        return;
      case 'cancelTraining':
        log(`auto: cancelling training job ${train.id}`);
        await executor.cancel([train]);
        return;
      case 'cancelEvaluation':
        if (inFlight.evaluation) await executor.cancel([inFlight.evaluation.handle]);
        return;
      case 'scoreTest': {
        const resultFile = join(workDir, 'evals', `best-step-${a.step}.test.json`);
        const h = await executor.submit(job(`test-${a.step}`, commands.infer({ checkpoint: bestDir, split: 'test', resultFile, configFile })));
        const st = (await waitForJobs(executor, [h], { poll })).get(h.id)!;
        test = st.state === 'COMPLETED' ? readInferResult(resultFile) : null;
        if (!test) log(`auto: scoring test on the best checkpoint failed: job ${describeState(st)}, result ${resultFile}`);
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

  const backoff = new Backoff(poll);
  // Steps seen so far, as a set: with train.saveTotalLimit a save adds one checkpoint and rotation
  // removes one, so the count alone never changes.
  const seen = new Set<number>();
  const vanished: number[] = [];
  const warned = new Set<string>();
  const warnOnce = (m: string): void => {
    if (!warned.has(m)) log(`auto: warning: ${m}`);
    warned.add(m);
  };
  while (!finished && !opts.signal?.aborted) {
    let changed = false;
    const handles = [...(trainEnded ? [] : [train]), ...(inFlight.evaluation ? [inFlight.evaluation.handle] : [])];
    const states = await executor.status(handles);
    const trainState = trainEnded ? null : states.get(train.id);
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
    const ev = inFlight.evaluation;
    const evState = ev ? states.get(ev.handle.id) : undefined;
    if (ev && evState && isTerminal(evState)) {
      inFlight.evaluation = null;
      changed = true;
      const metrics = evState.state === 'COMPLETED' ? readInferResult(ev.resultFile) : null;
      const gone = !metrics && !existsSync(join(runDir, `checkpoint-${ev.step}`)) ? `; checkpoint-${ev.step} was deleted during its evaluation` : '';
      if (gone) log(`auto: warning: checkpoint-${ev.step} was deleted during its evaluation (train.saveTotalLimit rotation?); skipped`);
      await feed(metrics ? { type: 'evalDone', step: ev.step, metrics } : { type: 'evalFailed', step: ev.step, error: `inference job ${describeState(evState)}${evState.state === 'COMPLETED' ? `, no result at ${ev.resultFile}` : ''}${gone}` });
    }
    if (!finished && trainState && isTerminal(trainState)) {
      trainEnded = true;
      changed = true;
      const result = trainState.state === 'COMPLETED' ? readTrainResult(trainResultFile, config.train.metricForBest) : null;
      const ok = result !== null && result.status !== 'failed';
      log(`auto: training job ${train.id} ended ${describeState(trainState)}`);
      await feed({ type: 'trainingEnded', ok, detail: ok ? `${result!.status} at step ${result!.lastStep}` : `job ${describeState(trainState)}${result ? `, status ${result.status}` : ''}` });
    }
    if (!finished) await sleep(backoff.next(changed), opts.signal);
  }
  if (!finished) {
    await executor.cancel([train, ...(inFlight.evaluation ? [inFlight.evaluation.handle] : [])]);
    throw new BertfitError(`auto: aborted before a stop decision; cancelled job ${train.id}`);
  }
  const best = state.best ? { ...state.best, checkpoint: bestDir } : null;
  if (settings.selectOn === 'test' && best) test = state.evaluated.find((p) => p.step === best.step)?.metrics ?? null;
  const summary = await writeAutoReport({ workDir, runDir, metric: settings.metric, selectOn: settings.selectOn, target: settings.target, reason: state.stop!, best, test, evaluated: state.evaluated, warnings });
  log(`auto: done; report at ${summary.files.markdown}`);
  return summary;
}
