import { describe, it, expect } from '@jest/globals';
import { newTrialRecord } from './trial-record.js';
import { afterJob, MAX_REQUEUES } from './trial-transition.js';

const ctx = { maxAttempts: 2, latestCheckpoint: '/runs/t0/a1/checkpoint-500', resultFile: '/s/r.json', cancelledByExecutor: false };
const running = { ...newTrialRecord(0, 't0', { 'train.learningRate': 2e-5 }), state: 'submitted' as const, attempts: 1 };

describe('afterJob', () => {
  it('completes with the metrics of the train result', () => {
    const r = afterJob(
      running,
      { state: 'COMPLETED' },
      { status: 'stopped', runDir: '/r', bestCheckpoint: '/r/checkpoint-250', lastStep: 500, best: { step: 250, metric: 0.7 }, metrics: { f1_macro: 0.7 } },
      ctx,
    );
    expect(r.record).toMatchObject({ state: 'completed', metrics: { f1_macro: 0.7 }, bestCheckpoint: '/r/checkpoint-250', job: null });
    expect(r.event).toBe('completed (stopped, step 500)');
  });

  it("the trial's own result wins over the scheduler's state (SLURM said CANCELLED after a slurmctld restart)", () => {
    const done = { status: 'completed' as const, runDir: '/r', bestCheckpoint: '/r/checkpoint-40', lastStep: 40, best: { step: 40, metric: 0.7 }, metrics: { f1_macro: 0.7 } };
    for (const st of [
      { state: 'CANCELLED' as const },
      { state: 'UNKNOWN' as const, detail: 'gone' },
      { state: 'FAILED' as const, exitCode: 0, signal: 9, reason: 'JobLaunchFailure' },
    ]) {
      const r = afterJob(running, st, done, ctx);
      expect(r.record).toMatchObject({ state: 'completed', attempts: 1, metrics: { f1_macro: 0.7 }, error: null });
      expect(r.event).toMatch(/^completed \(completed, step 40\) per \/s\/r\.json, although the scheduler said /);
    }
  });

  it("a job cancelled outside the orchestrator (a user's scancel) cancels the trial instead of retrying it", () => {
    const r = afterJob(running, { state: 'CANCELLED' }, null, ctx);
    expect(r.record).toMatchObject({ state: 'cancelled', attempts: 1, error: 'job cancelled outside the orchestrator (scancel by a user or an admin); not retried' });
    // A cancel the executor itself made (its cancelled.json) is not a user's decision about the trial.
    expect(afterJob(running, { state: 'CANCELLED' }, null, { ...ctx, cancelledByExecutor: true }).record.state).toBe('pending');
  });

  it('requeues PREEMPTED and NODE_FAIL from the last checkpoint without using an attempt, up to a bound', () => {
    for (const s of ['PREEMPTED', 'NODE_FAIL'] as const) {
      const r = afterJob(running, { state: s }, null, ctx);
      expect(r.record).toMatchObject({ state: 'pending', attempts: 0, requeues: 1, resumeFrom: '/runs/t0/a1/checkpoint-500' });
      expect(r.event).toBe(`${s}: requeued, resuming from /runs/t0/a1/checkpoint-500`);
    }
    const worn = afterJob({ ...running, requeues: MAX_REQUEUES }, { state: 'NODE_FAIL' }, null, ctx);
    expect(worn.record.state).toBe('pending');
    expect(worn.record.error).toBe('job ended NODE_FAIL');
  });

  it('retries failures until maxAttempts, then fails with the reason', () => {
    const failed = { state: 'FAILED' as const, exitCode: 1, signal: 0, reason: 'NonZeroExitCode' };
    expect(afterJob(running, failed, null, ctx).record).toMatchObject({ state: 'pending', error: 'job ended FAILED (exit 1, signal 0, NonZeroExitCode)' });
    const last = afterJob({ ...running, attempts: 2 }, { state: 'TIMEOUT' }, null, ctx);
    expect(last.record.state).toBe('failed');
    expect(last.event).toBe('failed after 2 attempts: job ended TIMEOUT');
  });

  it('retries a TIMEOUT from the latest complete checkpoint, counting the attempt', () => {
    const r = afterJob(running, { state: 'TIMEOUT' }, null, ctx);
    expect(r.record).toMatchObject({ state: 'pending', attempts: 1, requeues: 0, resumeFrom: '/runs/t0/a1/checkpoint-500', error: 'job ended TIMEOUT' });
    expect(r.event).toBe('attempt 1 hit the time limit; retrying, resuming from /runs/t0/a1/checkpoint-500');
    // No checkpoint in this attempt: keep the one it resumed from, or start over when there is none.
    const carried = afterJob({ ...running, resumeFrom: '/runs/t0/a0/checkpoint-100' }, { state: 'TIMEOUT' }, null, { ...ctx, latestCheckpoint: null });
    expect(carried.record.resumeFrom).toBe('/runs/t0/a0/checkpoint-100');
    const scratch = afterJob(running, { state: 'TIMEOUT' }, null, { ...ctx, latestCheckpoint: null });
    expect(scratch.record.resumeFrom).toBeNull();
    expect(scratch.event).toBe('attempt 1 hit the time limit; retrying from scratch (no checkpoint yet)');
    // Other failures still start over.
    const failed = { state: 'FAILED' as const, exitCode: 1, signal: 0, reason: 'NonZeroExitCode' };
    expect(afterJob(running, failed, null, ctx).record.resumeFrom).toBeNull();
  });

  it('treats COMPLETED without a result file, or with status failed, as a failed attempt', () => {
    expect(afterJob(running, { state: 'COMPLETED' }, null, ctx).record.error).toBe('job COMPLETED but wrote no result file at /s/r.json');
    const r = afterJob({ ...running, attempts: 2 }, { state: 'COMPLETED' }, { status: 'failed', runDir: '/r', bestCheckpoint: null, lastStep: 0, best: null, metrics: {} }, ctx);
    expect(r.record).toMatchObject({ state: 'failed', error: 'training reported status failed in /s/r.json' });
  });
});
