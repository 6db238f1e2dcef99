import { batchIterator, type Batch } from '@bertfit/data';
import { clipCoefficient, globalGradNorm } from '../optim/clip.js';
import { classWeightSum, updateLossScale } from '../optim/loss-scaler.js';
import { globalBatchSize } from '../runtime/shard-batch.js';
import { residentSteps } from './resident-steps.js';
import { stepLr } from './step-lr.js';
import type { StepOutcome, StepsFn } from './step-outcome.js';
import { evaluateSplit } from './evaluate.js';
import { observeEvaluation } from './early-stopping.js';
import { checkFiniteStep } from './non-finite.js';
import { saveCheckpoint } from './save.js';
import type { LoopState, RunContext } from './run-context.js';
import type { TrainStopReason } from '../rundir/metrics-event-schema.js';
import { withEarlyStopping } from '../rundir/trainer-state.js';
import { tallyStep } from './run-tally.js';
import { toLogHistoryEntry, type EvalEvent, type TrainEvent } from '../rundir/metrics-log.js';

/** The global micro-batches of one epoch, in the order fixed by (seed, epoch), grouped per optimizer step. */
function* stepGroups(ctx: RunContext, epoch: number, skip: number): Generator<Batch[]> {
  const t = ctx.config.train;
  const batches = batchIterator(ctx.prep.train, {
    batchSize: globalBatchSize(t.perDeviceBatchSize, ctx.replicas.count),
    shuffle: t.shuffle,
    seed: ctx.config.seed,
    epoch,
    dropLast: t.dropLast,
    groupByLength: t.groupByLength,
    padTokenId: ctx.prep.bertConfig.padTokenId,
  });
  let group: Batch[] = [];
  let index = 0;
  for (const batch of batches) {
    if (index++ < skip) continue;
    group.push(batch);
    if (group.length === t.gradientAccumulationSteps) {
      yield group;
      group = [];
    }
  }
  if (group.length > 0) yield group;
}

/**
 * One optimizer step: micro-batch gradients of Σ w·nll are summed (over micro-batches and replicas),
 * then divided once by the summed weights of the whole effective batch — the exact weighted mean (HF
 * averages per-micro-batch means instead, which over-weights small or light micro-batches). Then clip,
 * then AdamW. Under fp16 the backward is seeded with lossScale / Σw (optim/loss-scaler.ts), and the
 * same factor unscales the gradients before clipping (HF calls scaler.unscale_ before clip_grad_norm_).
 */
async function optimizerStep(ctx: RunContext, s: LoopState, group: Batch[], lr: number): Promise<{ loss: number; gradNorm: number }> {
  const seed = s.lossScale === null ? 1 : s.lossScale.scale / classWeightSum(group, ctx.prep.classWeights);
  const { lossSum, weightSum } = await ctx.replicas.gradients(group, { step: s.step, ...(s.lossScale === null ? {} : { lossScale: seed }) }, ctx.grads);
  const scale = 1 / (weightSum * seed);
  const gradNorm = globalGradNorm(ctx.grads) * scale;
  if (s.lossScale !== null) {
    const scaler = updateLossScale(s.lossScale, Number.isFinite(gradNorm), ctx.lossScaler);
    s.lossScale = scaler.state;
    // inf/NaN in the fp16 gradients: no AdamW step at all (weights, moments and its step count untouched), as GradScaler.step
    if (scaler.skip) return { loss: lossSum / weightSum, gradNorm };
  }
  const maxNorm = ctx.config.train.maxGradNorm;
  const coef = maxNorm === null ? 1 : clipCoefficient(gradNorm, maxNorm);
  ctx.optimizer.step(ctx.grads, lr, scale * coef);
  return { loss: lossSum / weightSum, gradNorm };
}

/** The ordinary path: for each group, its learning rate, then optimizerStep (the weights are settled after each). */
async function* ordinarySteps(ctx: RunContext, s: LoopState, groups: Iterable<Batch[]>): AsyncGenerator<StepOutcome> {
  for (const group of groups) {
    // HF's Trainer does not step the scheduler on an fp16 step skipped for overflow; global_step counts it.
    const lr = stepLr(ctx, s.step - (s.lossScale?.skippedSteps ?? 0));
    yield { group, lr, ...(await optimizerStep(ctx, s, group, lr)), settled: true };
  }
}

async function evaluate(ctx: RunContext, s: LoopState): Promise<{ isBest: boolean; stop: boolean }> {
  const t = ctx.config.train;
  const m = await evaluateSplit(ctx.replicas, ctx.prep.store, ctx.prep.validation, {
    batchSize: ctx.config.infer.batchSize,
    labels: ctx.config.data.labels,
    classWeights: ctx.prep.classWeights,
  });
  const event: EvalEvent = { type: 'eval', step: s.step, epoch: epochFraction(ctx, s), ...m };
  await ctx.metricsLog.append(event);
  const verdict = observeEvaluation(s.earlyStopping, { step: s.step, metrics: { ...m } }, t, t.earlyStopping);
  s.earlyStopping = verdict.state;
  s.trainerState = withEarlyStopping({ ...s.trainerState, log_history: [...s.trainerState.log_history, toLogHistoryEntry(event)] }, t.earlyStopping, verdict.state);
  ctx.progress.log(`eval step ${s.step}: loss ${m.loss.toFixed(4)} accuracy ${m.accuracy.toFixed(4)} f1_macro ${m.f1_macro.toFixed(4)}${verdict.isBest ? ' (best)' : ''}`);
  return { isBest: verdict.isBest, stop: verdict.stop };
}

/** fp16's scale and skipped-step count for the train-log event (nothing for fp32/bf16). */
function scalerLog(s: LoopState): Pick<TrainEvent, 'loss_scale' | 'skipped_steps'> {
  return s.lossScale === null ? {} : { loss_scale: s.lossScale.scale, skipped_steps: s.lossScale.skippedSteps };
}

function epochFraction(ctx: RunContext, s: LoopState): number {
  return s.epoch + s.batchInEpoch / ctx.prep.microBatchesPerEpoch;
}

/** The training loop, top to bottom. Returns why it stopped; the state is left at the last step. */
export async function trainLoop(ctx: RunContext, s: LoopState): Promise<TrainStopReason> {
  const t = ctx.config.train;
  const total = ctx.prep.totalSteps;
  const startStep = s.step;
  const started = performance.now();
  let samples = 0;
  // One run per micro-batch with AdamW in JS, or (train.stepsPerRun > 1) up to K steps per resident run.
  const steps: StepsFn = ctx.resident ? (c, st, groups) => residentSteps(c, st, groups, ordinarySteps) : ordinarySteps;
  for (; s.epoch < t.epochs || t.maxSteps !== null; s.epoch++, s.batchInEpoch = 0) {
    // 1. learning rate of each step (warmup, then the schedule), 2. micro-steps, clip, AdamW
    for await (const { group, lr, loss, gradNorm, settled } of steps(ctx, s, stepGroups(ctx, s.epoch, s.batchInEpoch))) {
      s.step += 1;
      checkFiniteStep(s, loss, gradNorm);
      s.batchInEpoch += group.length;
      samples += group.reduce((n, b) => n + b.size, 0);
      s.lossesSinceLog.push(loss);
      s.trainerState = tallyStep(s.trainerState, { group, loss, ...ctx.tally }); // total_flos, whole-run time and loss
      const samplesPerSecond = samples / ((performance.now() - started) / 1000);

      // 3. log at step 1 and every logEvery steps
      if (s.step === 1 || s.step % t.logEvery === 0) {
        const mean = s.lossesSinceLog.reduce((a, b) => a + b, 0) / s.lossesSinceLog.length;
        const event: TrainEvent = {
          type: 'train',
          step: s.step,
          epoch: epochFraction(ctx, s),
          loss: mean,
          lr,
          grad_norm: gradNorm,
          samples_per_second: samplesPerSecond,
          ...scalerLog(s),
        };
        await ctx.metricsLog.append(event);
        s.trainerState = { ...s.trainerState, log_history: [...s.trainerState.log_history, toLogHistoryEntry(event)] };
        s.lossesSinceLog = [];
      }
      ctx.progress.update({ step: s.step, totalSteps: total, epoch: epochFraction(ctx, s), loss, lr, samplesPerSecond, elapsedS: (performance.now() - started) / 1000, startStep });

      // 4. evaluate; 5. checkpoint (also when this evaluation is the best, so the best is always on disk)
      const last = s.step >= total;
      const verdict = s.step % t.evalEvery === 0 || last ? await evaluate(ctx, s) : { isBest: false, stop: false };
      const stopRequested = ctx.stop.requested && settled;
      if (s.step % t.saveEvery === 0 || last || verdict.isBest || verdict.stop || stopRequested) {
        await saveCheckpoint(ctx, s, verdict.isBest);
      }

      // 6. stop: the step budget, early stopping, or SIGINT/SIGTERM (after the checkpoint above; inside a
      //    resident run only at its last step, when the store holds the weights)
      if (last) return t.maxSteps !== null ? 'max_steps' : 'epochs';
      if (verdict.stop) return 'early_stopping';
      if (stopRequested) return 'signal';
    }
  }
  return 'epochs';
}
