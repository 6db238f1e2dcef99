import { BertfitError } from '@bertfit/core';
import type { LoopState } from './run-context.js';

/**
 * Stops training at the first step whose loss or gradient norm is NaN or infinite, naming the step:
 * HF trains on (loss NaN until the end) and saves NaN checkpoints. Under fp16 an overflow is the loss
 * scaler's business (it skipped the step and halved the scale), so nothing is thrown there.
 */
export function checkFiniteStep(s: LoopState, loss: number, gradNorm: number): void {
  if (s.lossScale !== null) return;
  if (Number.isFinite(loss) && Number.isFinite(gradNorm)) return;
  const what = Number.isFinite(loss) ? `the gradient norm is ${gradNorm}` : `the loss is ${loss}`;
  throw new BertfitError(
    `training stopped at step ${s.step}: ${what}. Nothing from this step was checkpointed; ` +
      'lower train.learningRate, check the data and the starting weights, or resume from the last checkpoint',
  );
}
