import { errorMessage } from '@bertfit/core';
import { newestCheckpointDir } from '../jobs/checkpoints.js';
import type { Observed } from '../jobs/driver.js';
import type { JobHandle } from '../jobs/executor.js';
import { cancelledByExecutor } from '../jobs/job-files.js';
import { describeState, isTerminal } from '../jobs/job-state.js';
import { readTrainResult, type TrainOutcome } from '../jobs/result-files.js';
import { put, trials, type SweepContext } from './sweep-context.js';
import type { TrialRecord } from './trial-record.js';
import { afterJob, isFinishedResult } from './trial-transition.js';

type WatchedTrial = TrialRecord & { job: JobHandle; submission: NonNullable<TrialRecord['submission']> };

/** The trials whose jobs are out there. */
export function submittedTrials(ctx: SweepContext): WatchedTrial[] {
  return trials(ctx).filter((r): r is WatchedTrial => r.state === 'submitted' && r.job !== null && r.submission !== null);
}

/** One round's states applied to every submitted trial; true when any trial changed. */
export async function watchTrials(ctx: SweepContext, states: ReadonlyMap<string, Observed>): Promise<boolean> {
  let changed = false;
  for (const r of submittedTrials(ctx)) {
    const seen = states.get(r.job.id);
    if (seen && (await watchTrial(ctx, r, seen))) changed = true;
  }
  return changed;
}

async function watchTrial(ctx: SweepContext, r: WatchedTrial, seen: Observed): Promise<boolean> {
  const st = seen.state;
  const sub = r.submission;
  if (!isTerminal(st) && st.state !== 'UNKNOWN') {
    const moved = JSON.stringify(r.lastJobState) !== JSON.stringify(st);
    if (moved) {
      ctx.progress.jobState(r, r.job.id, st);
      put(ctx, { ...r, lastJobState: st }, `job ${r.job.id} ${describeState(st)}`);
    }
    ctx.progress.evals(r);
    return moved;
  }
  // Over, lost or unaccounted for: the trial's own result wins over whatever the scheduler says, which
  // can be wrong after an outage. A job in UNKNOWN without a finished result is waited for.
  let result: TrainOutcome | null = null;
  let resultError: string | null = null;
  try {
    result = readTrainResult(sub.resultFile, ctx.config.train.metricForBest);
  } catch (err) {
    resultError = errorMessage(err);
  }
  if (st.state === 'UNKNOWN' && !seen.lost && !isFinishedResult(result)) return false;
  ctx.progress.evals(r); // the last evaluations, logged before the trial's outcome
  const next = afterJob(r, st, result, {
    maxAttempts: ctx.config.orchestrator.sweep.maxAttempts,
    latestCheckpoint: await newestCheckpointDir(sub.runDir, (m) => ctx.log(`sweep: trial ${r.index} ${m}`)),
    resultFile: sub.resultFile,
    cancelledByExecutor: cancelledByExecutor(sub.jobDir),
  });
  const rec = resultError && next.record.error ? { ...next.record, error: `${next.record.error}; ${resultError}` } : next.record;
  ctx.progress.ended(rec, next.event, sub.jobDir);
  put(ctx, rec, `job ${r.job.id} ${describeState(st)} → ${next.event}`);
  return true;
}
