// AdamW and global-norm clipping as graph nodes, for the resident training body (models/resident-graph.ts):
// the float32 formulas of the SIMD kernel that AdamW.step runs (simd/simd-kernel.ts), op for op, so
// each rounding happens where torch's (and the kernel's) does; per-step scalars come from
// adamwStepScalars, the clip constant from clip.ts.
import { BertfitError } from '@bertfit/core';
import type { Graph, Value } from '../graph/graph.js';
import * as op from '../graph/ops/index.js';
import type { AdamWOptions } from './adamw.js';
import { CLIP_NORM_EPS } from './clip.js';

/** One step's scalars (float32 []): what AdamW.step computes from (t, lr) in JS, fed per step. */
export interface AdamWStepValues {
  /** −lr / (1 − β1ᵗ). */
  negStepSize: Value;
  /** √(1 − β2ᵗ). */
  bc2Sqrt: Value;
  /** 1 − lr·wd, applied to decaying tensors only. */
  decayKeep: Value;
}

/**
 * The Trainer's optimizerStep in graph form: gradients are sums of Σ w·nll, so the weighted mean scales
 * them by 1 / `weightSum`; the reported norm is that of the mean gradient (as clip_grad_norm_ sees it),
 * and `gradScale` = (1 / weightSum)·clip factor is what AdamW multiplies every gradient by. Like
 * globalGradNorm and the JS scalars, this runs in float64 (then gradScale is rounded to float32, as
 * the SIMD kernel rounds it), so the clip factor matches the ordinary path's bit for bit in practice.
 */
export function clipScaleGraph(g: Graph, grads: readonly Value[], weightSum: Value, maxNorm: number | null): { gradNorm: Value; gradScale: Value } {
  if (maxNorm !== null && !(maxNorm > 0)) throw new BertfitError(`clipScaleGraph: maxNorm is ${maxNorm}, expected a positive number or null`);
  const c = (x: number): Value => op.scalar(g, x, 'float64');
  const squares = grads.map((x) =>
    op.reduceSumSquare(
      g,
      op.cast(g, x, 'float64'),
      x.shape.map((_, i) => i),
    ),
  );
  const sum = squares.reduce((acc, s) => op.add(g, acc, s));
  const scale = op.div(g, c(1), op.cast(g, weightSum, 'float64'));
  const gradNorm = op.mul(g, op.sqrt(g, sum), scale);
  const coef = maxNorm === null ? c(1) : op.min(g, c(1), op.div(g, c(maxNorm), op.add(g, gradNorm, c(CLIP_NORM_EPS))));
  return { gradNorm, gradScale: op.cast(g, op.mul(g, scale, coef), 'float32') };
}

/**
 * torch.optim.AdamW's single-tensor float32 step: p ← p·keep (decaying tensors); g ← grad·gradScale;
 * m ← m + (1−β1)(g − m); v ← v·β2 + ((1−β2)·g)·g; p ← p + (−stepSize)·(m / (√v / √bc2 + ε)).
 */
export function adamwUpdateGraph(
  g: Graph,
  t: { param: Value; grad: Value; expAvg: Value; expAvgSq: Value; decay: boolean },
  gradScale: Value,
  s: AdamWStepValues,
  opts: AdamWOptions,
): { param: Value; expAvg: Value; expAvgSq: Value } {
  const c = (x: number): Value => op.scalar(g, x);
  const grad = op.mul(g, t.grad, gradScale);
  const expAvg = op.add(g, t.expAvg, op.mul(g, c(1 - opts.beta1), op.sub(g, grad, t.expAvg)));
  const expAvgSq = op.add(g, op.mul(g, t.expAvgSq, c(opts.beta2)), op.mul(g, op.mul(g, c(1 - opts.beta2), grad), grad));
  const denom = op.add(g, op.div(g, op.sqrt(g, expAvgSq), s.bc2Sqrt), c(opts.eps));
  const kept = t.decay ? op.mul(g, t.param, s.decayKeep) : t.param;
  const param = op.add(g, kept, op.mul(g, s.negStepSize, op.div(g, expAvg, denom)));
  return { param, expAvg, expAvgSq };
}
