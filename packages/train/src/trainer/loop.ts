import { batchIterator, type Batch } from '@bertfit/data';
import { clipCoefficient, globalGradNorm } from '../optim/clip.js';
import { lrMultiplier } from '../optim/schedule.js';
import { globalBatchSize } from '../runtime/shard-batch.js';
import { evaluateSplit } from './evaluate.js';
import { observeEvaluation } from './early-stopping.js';
import { saveCheckpoint } from './save.js';
import type { LoopState, RunContext, StopReason } from './run-context.js';
import { withEarlyStopping } from './trainer-state.js';
import { toLogHistoryEntry, type EvalEvent, type TrainEvent } from './metrics-log.js';

/** The global micro-batches of one epoch, in the order fixed by (seed, epoch), grouped per optimizer step. */
function* stepGroups(ctx: RunContext, epoch: number, skip: number): Generator<Batch[]> {
  const t = ctx.config.train;
  const batches = batchIterator(ctx.prep.train, {
    batchSize: globalBatchSize(t), shuffle: t.shuffle, seed: ctx.config.seed, epoch,
    dropLast: t.dropLast, groupByLength: t.groupByLength, padTokenId: ctx.prep.bertConfig.padTokenId,
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
 * then AdamW.
 */
async function optimizerStep(ctx: RunContext, s: LoopState, group: Batch[], lr: number): Promise<{ loss: number; gradNorm: number }> {
  const { lossSum, weightSum } = await ctx.replicas.gradients(group, s.step, ctx.grads);
  const scale = 1 / weightSum;
  const gradNorm = globalGradNorm(ctx.grads) * scale;
  const maxNorm = ctx.config.train.maxGradNorm;
  const coef = maxNorm === null ? 1 : clipCoefficient(gradNorm, maxNorm);
  ctx.optimizer.step(ctx.grads, lr, scale * coef);
  return { loss: lossSum / weightSum, gradNorm };
}

async function evaluate(ctx: RunContext, s: LoopState): Promise<{ isBest: boolean; stop: boolean }> {
  const t = ctx.config.train;
  const m = await evaluateSplit(ctx.replicas, ctx.prep.store, ctx.prep.validation, {
    batchSize: ctx.config.infer.batchSize, labels: ctx.config.data.labels, classWeights: ctx.prep.classWeights,
  });
  const event: EvalEvent = { type: 'eval', step: s.step, epoch: epochFraction(ctx, s), ...m };
  await ctx.metricsLog.append(event);
  const verdict = observeEvaluation(s.earlyStopping, { step: s.step, metrics: { ...m } }, t, t.earlyStopping);
  s.earlyStopping = verdict.state;
  s.trainerState = withEarlyStopping({ ...s.trainerState, log_history: [...s.trainerState.log_history, toLogHistoryEntry(event)] }, t.earlyStopping, verdict.state);
  ctx.progress.log(`eval step ${s.step}: loss ${m.loss.toFixed(4)} accuracy ${m.accuracy.toFixed(4)} f1_macro ${m.f1_macro.toFixed(4)}${verdict.isBest ? ' (best)' : ''}`);
  return { isBest: verdict.isBest, stop: verdict.stop };
}

function epochFraction(ctx: RunContext, s: LoopState): number {
  return s.epoch + s.batchInEpoch / ctx.prep.microBatchesPerEpoch;
}

/** The training loop, top to bottom. Returns why it stopped; the state is left at the last step. */
export async function trainLoop(ctx: RunContext, s: LoopState): Promise<StopReason> {
  const t = ctx.config.train;
  const total = ctx.prep.totalSteps;
  const startStep = s.step;
  const started = performance.now();
  let samples = 0;
  for (; s.epoch < t.epochs || t.maxSteps !== null; s.epoch++, s.batchInEpoch = 0) {
    for (const group of stepGroups(ctx, s.epoch, s.batchInEpoch)) {
      // 1. learning rate of this step (warmup, then the schedule), 2. micro-steps, clip, AdamW
      const lr = t.learningRate * lrMultiplier(s.step, { scheduler: t.scheduler, warmupSteps: t.warmupSteps, totalSteps: total });
      const { loss, gradNorm } = await optimizerStep(ctx, s, group, lr);
      s.step += 1;
      s.batchInEpoch += group.length;
      samples += group.reduce((n, b) => n + b.size, 0);
      s.lossesSinceLog.push(loss);
      const samplesPerSecond = samples / ((performance.now() - started) / 1000);

      // 3. log at step 1 and every logEvery steps
      if (s.step === 1 || s.step % t.logEvery === 0) {
        const mean = s.lossesSinceLog.reduce((a, b) => a + b, 0) / s.lossesSinceLog.length;
        const event: TrainEvent = { type: 'train', step: s.step, epoch: epochFraction(ctx, s), loss: mean, lr, grad_norm: gradNorm, samples_per_second: samplesPerSecond };
        await ctx.metricsLog.append(event);
        s.trainerState = { ...s.trainerState, log_history: [...s.trainerState.log_history, toLogHistoryEntry(event)] };
        s.lossesSinceLog = [];
      }
      ctx.progress.update({ step: s.step, totalSteps: total, epoch: epochFraction(ctx, s), loss, lr, samplesPerSecond, elapsedS: (performance.now() - started) / 1000, startStep });

      // 4. evaluate; 5. checkpoint (also when this evaluation is the best, so the best is always on disk)
      const last = s.step >= total;
      const verdict = s.step % t.evalEvery === 0 || last ? await evaluate(ctx, s) : { isBest: false, stop: false };
      const stopRequested = ctx.stop.requested;
      if (s.step % t.saveEvery === 0 || last || verdict.isBest || verdict.stop || stopRequested) {
        await saveCheckpoint(ctx, s, verdict.isBest);
      }

      // 6. stop: the step budget, early stopping, or SIGINT/SIGTERM (after the checkpoint above)
      if (last) return t.maxSteps !== null ? 'max_steps' : 'epochs';
      if (verdict.stop) return 'early_stopping';
      if (stopRequested) return 'signal';
    }
  }
  return 'epochs';
}
