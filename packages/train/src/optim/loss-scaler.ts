// Dynamic loss scaling for fp16 training with torch.cuda.amp.GradScaler's rules (its update kernel,
// _amp_update_scale_): inf/NaN gradients skip the optimizer step, multiply the scale by backoffFactor
// and reset the count of clean steps; growthInterval clean steps in a row multiply it by growthFactor,
// unless that would overflow float32. A pure state machine: the trainer holds the state and saves it
// in every checkpoint, so a resumed run scales exactly as an uninterrupted one.
import { BertfitError } from '@bertfit/core';

export interface LossScalerOptions {
  initScale: number;
  growthFactor: number;
  backoffFactor: number;
  /** Consecutive clean optimizer steps before the scale grows. */
  growthInterval: number;
}

/** torch.cuda.amp.GradScaler's defaults. */
export const GRAD_SCALER_DEFAULTS: Readonly<LossScalerOptions> = Object.freeze({ initScale: 2 ** 16, growthFactor: 2, backoffFactor: 0.5, growthInterval: 2000 });

export interface LossScaleState {
  /** The scale the next step's backward is seeded with (float32, as torch keeps it). */
  scale: number;
  /** Clean steps since the last growth or backoff (GradScaler's _growth_tracker). */
  growthTracker: number;
  /**
   * Optimizer steps skipped for inf/NaN gradients so far. HF's Trainer does not step the lr scheduler
   * on them (`optimizer_step_was_skipped`) but still counts them in global_step, so the schedule runs
   * at global_step − skippedSteps.
   */
  skippedSteps: number;
}

function check(opts: LossScalerOptions): void {
  const bad = (what: string, v: number, want: string) => new BertfitError(`loss scaler: ${what} is ${v}, expected ${want}`);
  if (!(opts.initScale > 0) || !Number.isFinite(Math.fround(opts.initScale))) throw bad('initScale', opts.initScale, 'a positive float32');
  if (!(opts.growthFactor > 1)) throw bad('growthFactor', opts.growthFactor, 'a number above 1');
  if (!(opts.backoffFactor > 0 && opts.backoffFactor < 1)) throw bad('backoffFactor', opts.backoffFactor, 'a number in (0, 1)');
  if (!Number.isSafeInteger(opts.growthInterval) || opts.growthInterval < 1) throw bad('growthInterval', opts.growthInterval, 'a positive integer');
}

export function initialLossScale(opts: LossScalerOptions): LossScaleState {
  check(opts);
  return { scale: Math.fround(opts.initScale), growthTracker: 0, skippedSteps: 0 };
}

/** The state after one optimizer step whose (scaled) gradients were all finite or not; `skip` says whether to skip that step. */
export function updateLossScale(s: LossScaleState, gradsFinite: boolean, opts: LossScalerOptions): { state: LossScaleState; skip: boolean } {
  check(opts);
  if (!gradsFinite) {
    return { state: { scale: Math.fround(s.scale * opts.backoffFactor), growthTracker: 0, skippedSteps: s.skippedSteps + 1 }, skip: true };
  }
  const clean = s.growthTracker + 1;
  if (clean < opts.growthInterval) return { state: { ...s, growthTracker: clean }, skip: false };
  const grown = Math.fround(s.scale * opts.growthFactor);
  return { state: { ...s, scale: Number.isFinite(grown) ? grown : s.scale, growthTracker: 0 }, skip: false };
}

/**
 * Σ w[y] over the labels of a step's micro-batches: bertfit's loss is Σ w·nll over the step divided by
 * this, so seeding the backward with scale / this gives float16 the gradients of the weighted mean
 * loss times the scale, what torch's GradScaler scales (a scale on the sum would be this much larger).
 */
export function classWeightSum(batches: readonly { labels?: Int32Array }[], classWeights: Float32Array): number {
  let sum = 0;
  for (const b of batches) {
    if (!b.labels) throw new BertfitError('classWeightSum: a training batch has no labels');
    for (const y of b.labels) sum += classWeights[y]!;
  }
  return sum;
}
