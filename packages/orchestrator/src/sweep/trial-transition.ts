import { describeState, isInfrastructureLoss, type JobState } from '../jobs/job-state.js';
import type { TrainOutcome } from '../jobs/result-files.js';
import type { TrialRecord } from './trial-record.js';

/** Requeues after PREEMPTED/NODE_FAIL are free of attempts but bounded, so a broken node cannot loop forever. */
export const MAX_REQUEUES = 5;

/**
 * What a trial becomes once its job ended, or once its own result says it did. Pure: the sweep
 * driver reads the result file, the latest checkpoint and whether the executor itself cancelled the
 * job; this decides: completed, cancelled, retry (TIMEOUT: resume), requeue (resume), failed.
 * The trial's own result file wins over the scheduler: SLURM has reported a finished job CANCELLED
 * after a slurmctld restart, and retraining a completed trial would waste it and change its result.
 */
export function afterJob(
  rec: TrialRecord,
  state: JobState,
  result: TrainOutcome | null,
  ctx: { maxAttempts: number; latestCheckpoint: string | null; resultFile: string; cancelledByExecutor: boolean },
): { record: TrialRecord; event: string } {
  const base = { ...rec, lastJobState: state, job: null, submission: null };
  if (isFinishedResult(result)) {
    const note = state.state === 'COMPLETED' ? '' : ` per ${ctx.resultFile}, although the scheduler said ${describeState(state)}`;
    return {
      record: { ...base, state: 'completed', metrics: result.metrics, bestCheckpoint: result.bestCheckpoint, error: null },
      event: `completed (${result.status}, step ${result.lastStep})${note}`,
    };
  }
  if (state.state === 'CANCELLED' && !ctx.cancelledByExecutor) {
    return {
      record: { ...base, state: 'cancelled', error: 'job cancelled outside the orchestrator (scancel by a user or an admin); not retried' },
      event: `cancelled outside the orchestrator (scancel?); not retried`,
    };
  }
  if (isInfrastructureLoss(state) && rec.requeues < MAX_REQUEUES) {
    const resumeFrom = ctx.latestCheckpoint ?? rec.resumeFrom;
    return {
      // The lost attempt is refunded: the infrastructure failed, not the trial.
      record: { ...base, state: 'pending', attempts: rec.attempts - 1, requeues: rec.requeues + 1, resumeFrom, error: null },
      event: `${state.state}: requeued${resumeFrom ? `, resuming from ${resumeFrom}` : ' from scratch (no checkpoint yet)'}`,
    };
  }
  const error =
    state.state === 'COMPLETED'
      ? result
        ? `training reported status failed in ${ctx.resultFile}`
        : `job COMPLETED but wrote no result file at ${ctx.resultFile}`
      : `job ended ${describeState(state)}`;
  if (rec.attempts < ctx.maxAttempts) {
    if (state.state === 'TIMEOUT') {
      // The trainer saves a checkpoint on SLURM's SIGTERM before the kill, so the next attempt
      // continues from it (a trial longer than one time limit could otherwise never finish); the
      // attempt still counts, so a trial that never gets past its checkpoint stops at maxAttempts.
      const resumeFrom = ctx.latestCheckpoint ?? rec.resumeFrom;
      return {
        record: { ...base, state: 'pending', resumeFrom, error },
        event: `attempt ${rec.attempts} hit the time limit; retrying${resumeFrom ? `, resuming from ${resumeFrom}` : ' from scratch (no checkpoint yet)'}`,
      };
    }
    return { record: { ...base, state: 'pending', resumeFrom: null, error }, event: `attempt ${rec.attempts} failed (${error}); retrying` };
  }
  return { record: { ...base, state: 'failed', error }, event: `failed after ${rec.attempts} attempts: ${error}` };
}

/** A train result that means the trial is done: `completed` or `stopped` (early stopping, target). */
export function isFinishedResult(result: TrainOutcome | null): result is TrainOutcome {
  return result !== null && result.status !== 'failed';
}
