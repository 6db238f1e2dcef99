import { existsSync } from 'node:fs';
import { checkpointDir, checkpointDirName } from '@bertfit/train';
import { completeCheckpoints } from '../jobs/checkpoints.js';
import { hasEnded, type Observed } from '../jobs/driver.js';
import type { JobHandle } from '../jobs/executor.js';
import { describeState } from '../jobs/job-state.js';
import { readInferResult, readTrainResult } from '../jobs/result-files.js';
import { feed } from './auto-actions.js';
import { evalResultFile, warnOnce, type AutoContext, type Evaluation } from './auto-context.js';

/** The jobs auto waits on: training until it ends, and the evaluation in flight. */
export function autoJobs(ctx: AutoContext): JobHandle[] {
  return [...(ctx.train && !ctx.journal.trainEnded ? [ctx.train] : []), ...(ctx.evalHandle ? [ctx.evalHandle] : [])];
}

/** One round: new checkpoints, vanished ones, the evaluation's end, then training's; true when anything happened. */
export async function watchAuto(ctx: AutoContext, states: ReadonlyMap<string, Observed>): Promise<boolean> {
  const trainSeen = ctx.train && !ctx.journal.trainEnded ? states.get(ctx.train.id) : undefined;
  // Checkpoints are read after the training state: if it has ended, all of them are on disk.
  let changed = await newCheckpoints(ctx);
  // A queued checkpoint that vanished is recorded as a failed (skipped) evaluation, which also
  // moves the machine on to the next step.
  for (let step = ctx.vanished.shift(); step !== undefined; step = ctx.vanished.shift()) {
    changed = true;
    await feed(ctx, { type: 'evalFailed', step, error: `${checkpointDirName(step)} was deleted before its evaluation; skipped` });
  }
  const ev = ctx.journal.evaluation;
  const evalSeen = ctx.evalHandle ? states.get(ctx.evalHandle.id) : undefined;
  if (ev && evalSeen && hasEnded(evalSeen)) {
    changed = true;
    await evaluationEnded(ctx, ev, evalSeen);
  }
  if (!ctx.finished && trainSeen && hasEnded(trainSeen)) {
    changed = true;
    await trainingEnded(ctx, trainSeen);
  }
  return changed;
}

async function newCheckpoints(ctx: AutoContext): Promise<boolean> {
  const steps = (await completeCheckpoints(ctx.runDir, (m) => warnOnce(ctx, m))).map((c) => c.step);
  if (!steps.some((step) => !ctx.seen.has(step))) return false;
  for (const step of steps) ctx.seen.add(step);
  await feed(ctx, { type: 'checkpoints', steps });
  return true;
}

async function evaluationEnded(ctx: AutoContext, ev: Evaluation, seen: Observed): Promise<void> {
  ctx.journal.evaluation = null;
  ctx.evalHandle = null;
  const st = seen.state;
  const resultFile = evalResultFile(ctx, ev);
  // The job's own result first: the scheduler's final state can be wrong after an outage.
  const metrics = readInferResult(resultFile);
  const gone = !metrics && !existsSync(checkpointDir(ctx.runDir, ev.step)) ? `; ${checkpointDirName(ev.step)} was deleted during its evaluation` : '';
  if (gone) ctx.log(`auto: warning: ${checkpointDirName(ev.step)} was deleted during its evaluation (train.saveTotalLimit rotation?); skipped`);
  const error = `inference job ${describeState(st)}${st.state === 'COMPLETED' ? `, no result at ${resultFile}` : ''}${gone}`;
  await feed(ctx, metrics ? { type: 'evalDone', step: ev.step, metrics } : { type: 'evalFailed', step: ev.step, error });
}

async function trainingEnded(ctx: AutoContext, seen: Observed): Promise<void> {
  ctx.journal.trainEnded = true;
  const st = seen.state;
  const result = readTrainResult(ctx.trainResultFile, ctx.config.train.metricForBest);
  const ok = result !== null && result.status !== 'failed';
  ctx.log(`auto: training job ${ctx.train!.id} ended ${describeState(st)}`);
  await feed(ctx, {
    type: 'trainingEnded',
    ok,
    detail: ok ? `${result.status} at step ${result.lastStep}` : `job ${describeState(st)}${result ? `, status ${result.status}` : ''}`,
  });
}
