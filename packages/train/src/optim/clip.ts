// Global gradient-norm clipping as torch.nn.utils.clip_grad_norm_ (norm type 2, one norm over all
// parameters), over a ParamStore-shaped flat gradient buffer.
import { BertfitError } from '@bertfit/config';
import { createSimdKernel } from './simd-kernel.js';
import type { SimdKernel } from './simd-kernel.js';

/** Floats per chunk copied through the SIMD kernel. */
const CHUNK = 16384;
let norms: { k: SimdKernel; chunk: Float32Array } | null | undefined;

/**
 * sqrt(Σ g²), accumulated in float64: in the SIMD kernel over L2-sized copies (≈ 3× the plain loop),
 * or a plain loop where WebAssembly SIMD is unavailable.
 */
export function globalGradNorm(grads: Float32Array): number {
  if (norms === undefined) {
    const k = createSimdKernel(4 * CHUNK);
    norms = k && { k, chunk: new Float32Array(k.memory.buffer, 0, CHUNK) };
  }
  let s = 0;
  let i = 0;
  const n = grads.length;
  if (norms) {
    for (; i + 4 <= n; i += CHUNK) {
      const len = Math.min(CHUNK, n - i) & ~3;
      norms.chunk.set(grads.subarray(i, i + len));
      s += norms.k.sumSquares(0, 4 * len);
      if (len < CHUNK) {
        i += len;
        break;
      }
    }
  }
  for (; i < n; i++) {
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
