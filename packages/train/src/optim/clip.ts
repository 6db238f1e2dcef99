// Global gradient-norm clipping as torch.nn.utils.clip_grad_norm_ (norm type 2, one norm over all
// parameters), over a ParamStore-shaped flat gradient buffer.
import { BertfitError } from '@bertfit/core';
import { SCRATCH_FLOATS, scratchKernel } from '../simd/simd-kernel.js';

/**
 * sqrt(Σ g²), accumulated in float64: in the SIMD kernel over L2-sized copies (≈ 3× the plain loop),
 * or a plain loop where WebAssembly SIMD is unavailable.
 */
export function globalGradNorm(grads: Float32Array): number {
  const k = scratchKernel();
  const n = grads.length;
  let s = 0;
  let i = 0;
  if (k) {
    for (;;) {
      const len = Math.min(SCRATCH_FLOATS, n - i) & ~3;
      if (len <= 0) break;
      k.a.set(grads.subarray(i, i + len));
      s += k.k.sumSquares(k.a.byteOffset, 4 * len);
      i += len;
    }
  }
  for (; i < n; i++) {
    const g = grads[i]!;
    s += g * g;
  }
  return Math.sqrt(s);
}

/** What torch adds to the norm before dividing (clip_grad_norm_). */
export const CLIP_NORM_EPS = 1e-6;

/** torch's factor: min(1, maxNorm / (norm + 1e-6)). A non-finite norm gives 0 or NaN, as in torch. */
export function clipCoefficient(norm: number, maxNorm: number): number {
  if (!(maxNorm > 0)) throw new BertfitError(`clipGradNorm: maxNorm is ${maxNorm}, expected a positive number`);
  return Math.min(1, maxNorm / (norm + CLIP_NORM_EPS));
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
