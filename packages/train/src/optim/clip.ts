// Global gradient-norm clipping as torch.nn.utils.clip_grad_norm_ (norm type 2, one norm over all
// parameters), over a ParamStore-shaped flat gradient buffer.
import { BertfitError } from '@bertfit/config';

/** sqrt(Σ g²), accumulated in float64. (A plain loop: 4 unrolled accumulators measured slower in V8.) */
export function globalGradNorm(grads: Float32Array): number {
  let s = 0;
  for (let i = 0, n = grads.length; i < n; i++) {
    const g = grads[i]!;
    s += g * g;
  }
  return Math.sqrt(s);
}

/** torch's factor: min(1, maxNorm / (norm + 1e-6)). A non-finite norm gives 0 or NaN, as in torch. */
export function clipCoefficient(norm: number, maxNorm: number): number {
  if (!(maxNorm > 0)) throw new BertfitError(`clipGradNorm: maxNorm is ${maxNorm}, expected a positive number`);
  return Math.min(1, maxNorm / (norm + 1e-6));
}

/**
 * Scales `grads` in place so their global norm is at most `maxNorm`; returns the pre-clip norm and the
 * factor used. (AdamW.step can take the factor as `gradScale` instead, saving a pass over memory.)
 */
export function clipGradNorm(grads: Float32Array, maxNorm: number): { norm: number; coef: number } {
  const norm = globalGradNorm(grads);
  const coef = clipCoefficient(norm, maxNorm);
  if (coef !== 1) for (let i = 0; i < grads.length; i++) grads[i] = grads[i]! * coef;
  return { norm, coef };
}
