import { dirname, join } from 'node:path';
import { BertfitError, errorMessage } from '@bertfit/core';
import { writeJsonAtomic } from '../json-file.js';
import type { JobHandle, JobSpec } from '../jobs/executor.js';
import { put, trials, trialSpec, type SweepContext } from './sweep-context.js';
import { jobConfig } from './trial-config.js';
import type { TrialRecord } from './trial-record.js';

/**
 * Re-attaches what a previous orchestrator left in flight. `submitting`: it may or may not have
 * reached the executor; `submitted`: a local job may have been queued only in the dead process.
 */
export async function reattachInFlight(ctx: SweepContext): Promise<void> {
  for (const r of trials(ctx)) {
    if ((r.state !== 'submitting' && r.state !== 'submitted') || !r.submission) continue;
    const sub = r.submission;
    const handle = await ctx.executor.reattach(trialSpec(ctx, r, sub), { arrayName: sub.arrayName, arrayIndex: sub.arrayIndex });
    const event = handle ? `re-attached to job ${handle.id} (submitted by an earlier run)` : 'the earlier submission never reached the executor; submitting again';
    ctx.log(`sweep: trial ${r.index} ${event}`);
    if (handle) put(ctx, { ...r, state: 'submitted', job: handle }, event);
    else put(ctx, { ...r, state: 'pending', attempts: r.attempts - 1, submission: null, job: null }, event);
  }
}

/** Fills the free slots (maxConcurrent) with pending trials, as one array; true when it submitted any. */
export async function submitPending(ctx: SweepContext): Promise<boolean> {
  const all = trials(ctx);
  const slots = ctx.config.orchestrator.sweep.maxConcurrent - all.filter((r) => r.state === 'submitted').length;
  const pending = all.filter((r) => r.state === 'pending');
  if (slots <= 0 || pending.length === 0) return false;
  await submitBatch(ctx, pending.slice(0, slots));
  return true;
}

async function submitBatch(ctx: SweepContext, batch: TrialRecord[]): Promise<void> {
  const arrayName = `bf-${ctx.id}-b${ctx.meta.nextBatch}`;
  ctx.meta.nextBatch += 1;
  ctx.ledger.writeMeta(ctx.meta);
  // `submitting` is in the ledger before the executor hears of the job, so a crash is re-attached, not resubmitted.
  const specs: JobSpec[] = batch.map((r, i) => {
    const marked = markSubmitting(ctx, r, arrayName, i);
    return trialSpec(ctx, marked, marked.submission!);
  });
  let handles: JobHandle[];
  try {
    handles = await ctx.executor.submitArray(specs, { name: arrayName, dir: join(ctx.sweepDir, 'batches'), throttle: ctx.config.orchestrator.sweep.maxConcurrent });
  } catch (err) {
    for (const r of batch) {
      const cur = ctx.records.get(r.index)!;
      put(ctx, { ...cur, state: 'pending', attempts: cur.attempts - 1, submission: null, error: errorMessage(err) }, 'submission rejected');
    }
    throw new BertfitError(`sweep ${ctx.sweepDir}: submitting ${arrayName} failed`, { cause: err });
  }
  batch.forEach((r, i) => {
    const next = put(ctx, { ...ctx.records.get(r.index)!, state: 'submitted', job: handles[i]! }, `submitted as job ${handles[i]!.id}`);
    ctx.progress.submitted(next, handles[i]!.id);
  });
}

/** Writes the attempt's job config and records the trial as `submitting`. */
function markSubmitting(ctx: SweepContext, r: TrialRecord, arrayName: string, arrayIndex: number): TrialRecord {
  const attempt = r.attempts + 1;
  // Folders are numbered by submission (attempts + requeues), so a requeue never reuses one.
  const trialDir = join(ctx.sweepDir, 'trials', `t${String(r.index).padStart(4, '0')}`);
  const attemptDir = join(trialDir, `attempt-${r.attempts + r.requeues + 1}`);
  // A requeued trial continues in the run dir of its checkpoint (`<outputDir>/<name>/checkpoint-N`).
  const runDir = r.resumeFrom ? dirname(r.resumeFrom) : join(attemptDir, 'run');
  const sub = {
    attempt,
    jobDir: join(attemptDir, 'job'),
    arrayName,
    arrayIndex,
    runDir,
    resultFile: join(attemptDir, 'train-result.json'),
    configFile: join(attemptDir, 'config.json'),
  };
  writeJsonAtomic(sub.configFile, jobConfig(ctx.config, r.overrides, runDir));
  const event = `submitting attempt ${attempt} as ${arrayName}[${arrayIndex}]${r.resumeFrom ? ` resuming from ${r.resumeFrom}` : ''}`;
  return put(ctx, { ...r, state: 'submitting', attempts: attempt, submission: sub, runDir, error: null }, event);
}
