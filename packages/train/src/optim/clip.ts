// Global gradient-norm clipping as torch.nn.utils.clip_grad_norm_ (norm type 2, one norm over all
// parameters), over a ParamStore-shaped flat gradient buffer.
import { BertfitError } from '@bertfit/config';

/** sqrt(Σ g²), accumulated in float64 (four accumulators: independent chains run in parallel). */
export function globalGradNorm(grads: Float32Array): number {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  const n = grads.length;
  const n4 = n - (n % 4);
  let i = 0;
  for (; i < n4; i += 4) {
    const a = grads[i]!, b = grads[i + 1]!, c = grads[i + 2]!, d = grads[i + 3]!;
    s0 += a * a;
    s1 += b * b;
    s2 += c * c;
    s3 += d * d;
  }
  for (; i < n; i++) s0 += grads[i]! * grads[i]!;
  return Math.sqrt(s0 + s1 + s2 + s3);
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
