import { dirname, join } from 'node:path';
import { BertfitError } from '@bertfit/core';
import { readJsonFile, writeJsonAtomic } from '../json-file.js';
import type { RunConfigLike } from '../config-types.js';
import { createExecutor } from '../create-executor.js';
import { newestCheckpointDir } from '../jobs/checkpoints.js';
import { bertfitCommands, type JobCommands } from '../jobs/commands.js';
import type { Executor, JobHandle, JobSpec } from '../jobs/executor.js';
import { cancelledByExecutor } from '../jobs/job-files.js';
import { describeState, isTerminal } from '../jobs/job-state.js';
import { Backoff, defaultPoll, sleep, type PollOptions } from '../jobs/poll.js';
import { readTrainResult, type InferResult, type TrainResult } from '../jobs/result-files.js';
import { BASELINE_FILE, runDataBaseline, type BowBaselineResult } from '../report/bow-baseline.js';
import { writeSweepReport } from '../report/sweep-report.js';
import { Ledger } from './ledger.js';
import { leaderboard, writeLeaderboard, type LeaderboardRow } from './leaderboard.js';
import { scoreBestOnTest } from './score-test.js';
import type { TrialPlan } from './search-space.js';
import { planLines, planSweep, safeName } from './sweep-plan.js';
import { bestRunConfig, jobConfig, validationSplit } from './trial-config.js';
import { TrialProgress } from './trial-progress.js';
import { isTrialDone, newTrialRecord, type TrialRecord } from './trial-record.js';
import { afterJob, isFinishedResult } from './trial-transition.js';

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

export interface SweepSummary {
  sweepDir: string;
  records: TrialRecord[];
  leaderboard: LeaderboardRow[];
  best: TrialRecord | null;
  /** The best trial's test-split metrics (scored once, after the sweep); null when not scored. */
  test: InferResult | null;
  /** A bag-of-words logistic regression on the same data, scored on the test split beside it. */
  baseline: BowBaselineResult | null;
  files: { markdown: string; json: string; bestConfig: string | null; report: string };
}

interface SweepMeta {
  sweepId: string;
  plans: TrialPlan[];
  nextBatch: number;
}

const JOB_ENV = { FORCE_COLOR: '0', NO_COLOR: '1' };

/**
 * Runs (or resumes) a grid/random sweep: one training job per trial, submitted as array tasks,
 * the ledger rewritten at every transition. Re-running after the orchestrator was killed keeps
 * finished trials, re-attaches running ones and never submits a trial twice.
 */
export async function runSweep(config: RunConfigLike, opts: SweepOptions = {}): Promise<SweepSummary> {
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const sweep = config.orchestrator.sweep;
  // Every trial's config is checked first: a bad path or value fails before any folder or job exists.
  const { id, plans, sweepDir } = planSweep(config, opts.sweepDir);
  for (const line of planLines(config, { id, plans, sweepDir })) log(line);
  const progress = new TrialProgress(config.train.metricForBest, log);
  const executor = opts.executor ?? createExecutor(config.orchestrator, { log });
  const commands = opts.commands ?? bertfitCommands();
  const poll = opts.poll ?? defaultPoll(config.orchestrator.executor);
  const ledger = new Ledger(sweepDir);
  ledger.lock();
  try {
    const meta = ledger.readMeta<SweepMeta>() ?? { sweepId: id, plans, nextBatch: 0 };
    if (meta.sweepId !== id) throw new BertfitError(`sweep folder ${sweepDir} holds sweep ${meta.sweepId}, not ${id} (the config or grid changed); use another folder`);
    ledger.writeMeta(meta);
    const records = new Map<number, TrialRecord>();
    for (const p of plans) {
      const name = `${config.name}[${Object.entries(p.overrides).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',')}]`;
      records.set(p.index, ledger.read(p.index) ?? ledger.write(newTrialRecord(p.index, name, p.overrides), 'planned'));
    }
    // The ledger gets every event; the console gets TrialProgress's lines.
    const put = (r: TrialRecord, event: string): void => void records.set(r.index, ledger.write(r, event));

    const specOf = (r: TrialRecord, sub: NonNullable<TrialRecord['submission']>): JobSpec => ({
      name: `${sub.arrayName}-${r.index}`,
      argv: commands.train({ configFile: sub.configFile, resultFile: sub.resultFile, resume: r.resumeFrom }),
      cwd: process.cwd(),
      jobDir: sub.jobDir,
      env: JOB_ENV,
    });

    // Re-attach what a previous orchestrator left in flight. `submitting`: it may or may not have
    // reached the executor; `submitted`: a local job may have been queued only in the dead process.
    for (const r of [...records.values()]) {
      if ((r.state !== 'submitting' && r.state !== 'submitted') || !r.submission) continue;
      const sub = r.submission;
      const handle = await executor.reattach(specOf(r, sub), { arrayName: sub.arrayName, arrayIndex: sub.arrayIndex });
      const event = handle ? `re-attached to job ${handle.id} (submitted by an earlier run)` : 'the earlier submission never reached the executor; submitting again';
      log(`sweep: trial ${r.index} ${event}`);
      if (handle) put({ ...r, state: 'submitted', job: handle }, event);
      else put({ ...r, state: 'pending', attempts: r.attempts - 1, submission: null, job: null }, event);
    }

    const backoff = new Backoff(poll);
    const unknownSince = new Map<number, number>();
    while ([...records.values()].some((r) => !isTrialDone(r)) && !opts.signal?.aborted) {
      let changed = false;
      const inFlight = [...records.values()].filter((r) => r.state === 'submitted');
      const pending = [...records.values()].filter((r) => r.state === 'pending');
      const slots = sweep.maxConcurrent - inFlight.length;
      if (slots > 0 && pending.length > 0) {
        await submitBatch(pending.slice(0, slots));
        changed = true;
      }
      const watched = [...records.values()].filter((r): r is TrialRecord & { job: JobHandle } => r.state === 'submitted' && r.job !== null);
      const states = await executor.status(watched.map((r) => r.job));
      for (const r of watched) {
        const st = states.get(r.job.id);
        if (!st) continue;
        const sub = r.submission!;
        // The trial's own result first: once its job is over (or lost), it wins over whatever the
        // scheduler says, which can be wrong after an outage. A job still running is waited for.
        let result: TrainResult | null = null;
        let resultError: string | null = null;
        try {
          result = readTrainResult(sub.resultFile, config.train.metricForBest);
        } catch (err) {
          resultError = (err as Error).message;
        }
        if (st.state === 'UNKNOWN' && !isFinishedResult(result)) {
          const since = unknownSince.get(r.index) ?? Date.now();
          unknownSince.set(r.index, since);
          if (Date.now() - since < (opts.lostAfterMs ?? 5 * 60_000)) continue;
        } else unknownSince.delete(r.index);
        if (!isTerminal(st) && st.state !== 'UNKNOWN') {
          if (JSON.stringify(r.lastJobState) !== JSON.stringify(st)) {
            progress.jobState(r, r.job.id, st);
            put({ ...r, lastJobState: st }, `job ${r.job.id} ${describeState(st)}`);
            changed = true;
          }
          progress.evals(r);
          continue;
        }
        progress.evals(r); // the last evaluations, logged before the trial's outcome
        const next = afterJob(r, st, result, {
          maxAttempts: sweep.maxAttempts,
          latestCheckpoint: await newestCheckpointDir(sub.runDir, (m) => log(`sweep: trial ${r.index} ${m}`)),
          resultFile: sub.resultFile,
          cancelledByExecutor: cancelledByExecutor(sub.jobDir),
        });
        const rec = resultError && next.record.error ? { ...next.record, error: `${next.record.error}; ${resultError}` } : next.record;
        progress.ended(rec, next.event, sub.jobDir);
        put(rec, `job ${r.job.id} ${describeState(st)} → ${next.event}`);
        changed = true;
      }
      if ([...records.values()].some((r) => !isTrialDone(r))) await sleep(backoff.next(changed), opts.signal);
    }
    const open = [...records.values()].filter((r) => !isTrialDone(r)).length;
    if (open > 0) {
      // Aborted: partial trials must not produce a leaderboard or best-config.json that look final.
      throw new BertfitError(
        `sweep ${sweepDir}: interrupted with ${open} of ${records.size} trials unfinished; no leaderboard written. Jobs already submitted keep running; run the same command again to resume the sweep`,
      );
    }
    return await finish([...records.values()]);

    async function submitBatch(batch: TrialRecord[]): Promise<void> {
      const arrayName = `bf-${id}-b${meta.nextBatch}`;
      meta.nextBatch += 1;
      ledger.writeMeta(meta);
      const specs: JobSpec[] = [];
      batch.forEach((r, i) => {
        const attempt = r.attempts + 1;
        // Folders are numbered by submission (attempts + requeues), so a requeue never reuses one.
        const trialDir = join(sweepDir, 'trials', `t${String(r.index).padStart(4, '0')}`);
        const attemptDir = join(trialDir, `attempt-${r.attempts + r.requeues + 1}`);
        // A requeued trial continues in the run dir of its checkpoint (`<outputDir>/<name>/checkpoint-N`).
        const runDir = r.resumeFrom ? dirname(r.resumeFrom) : join(attemptDir, 'run');
        const sub = {
          attempt,
          jobDir: join(attemptDir, 'job'),
          arrayName,
          arrayIndex: i,
          runDir,
          resultFile: join(attemptDir, 'train-result.json'),
          configFile: join(attemptDir, 'config.json'),
        };
        writeJsonAtomic(sub.configFile, jobConfig(config, r.overrides, runDir));
        put({ ...r, state: 'submitting', attempts: attempt, submission: sub, runDir, error: null }, `submitting attempt ${attempt} as ${arrayName}[${i}]${r.resumeFrom ? ` resuming from ${r.resumeFrom}` : ''}`);
        specs.push(specOf(records.get(r.index)!, sub));
      });
      let handles: JobHandle[];
      try {
        handles = await executor.submitArray(specs, { name: arrayName, dir: join(sweepDir, 'batches'), throttle: sweep.maxConcurrent });
      } catch (err) {
        for (const r of batch) {
          const cur = records.get(r.index)!;
          put({ ...cur, state: 'pending', attempts: cur.attempts - 1, submission: null, error: (err as Error).message }, 'submission rejected');
        }
        throw new BertfitError(`sweep ${sweepDir}: submitting ${arrayName} failed`, { cause: err });
      }
      batch.forEach((r, i) => {
        put({ ...records.get(r.index)!, state: 'submitted', job: handles[i]! }, `submitted as job ${handles[i]!.id}`);
        progress.submitted(records.get(r.index)!, handles[i]!.id);
      });
    }
  } finally {
    ledger.unlock();
  }

  async function finish(all: TrialRecord[]): Promise<SweepSummary> {
    const rows = leaderboard(all, config.train.metricForBest, config.train.greaterIsBetter);
    const files = writeLeaderboard(sweepDir, rows, { metric: config.train.metricForBest, greaterIsBetter: config.train.greaterIsBetter, split: validationSplit(config) });
    const bestRow = rows[0]?.rank === 1 ? rows[0] : null;
    const best = bestRow ? all.find((r) => r.index === bestRow.index)! : null;
    let bestConfig: string | null = null;
    if (best) {
      bestConfig = join(sweepDir, 'best-config.json');
      writeJsonAtomic(bestConfig, bestRunConfig(config, best, `${safeName(config.name)}-${id}-best`));
    }
    const cancelled = all.filter((r) => r.state === 'cancelled').length;
    log(`sweep done: ${all.filter((r) => r.state === 'completed').length}/${all.length} trials completed${cancelled ? `, ${cancelled} cancelled outside the orchestrator` : ''}; leaderboard ${files.markdown}`);
    const test = best ? await scoreBestOnTest(sweepDir, best, { executor, commands, poll, log, env: JOB_ENV, signal: opts.signal }) : null;
    const baselineFile = join(sweepDir, BASELINE_FILE);
    const kept = readJsonFile(baselineFile) as BowBaselineResult | null; // a finished sweep run again reuses it
    const baseline = kept ?? (test ? await runDataBaseline(config, log) : null);
    if (baseline && !kept) writeJsonAtomic(baselineFile, baseline);
    const report = await writeSweepReport(sweepDir, { onWarning: log });
    return { sweepDir, records: all, leaderboard: rows, best, test, baseline, files: { ...files, bestConfig, report: report.summary } };
  }
}
