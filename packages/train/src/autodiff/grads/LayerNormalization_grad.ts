import { BertfitError } from '@bertfit/core';
import * as op from '../../graph/ops/index.js';
import type { GradRule } from '../rule.js';
import { dy0, input, output } from '../rule.js';

/**
 * Reuses the forward's Mean and InvStdDev outputs: x̂ = (x−μ)·σ⁻¹, dγ = Σ dy·x̂, dβ = Σ dy,
 * dx = σ⁻¹·(g − mean(g) − x̂·mean(g·x̂)) with g = dy·γ (normalised over the last axis).
 */
export const layerNormGrad: GradRule = {
  opType: 'LayerNormalization',
  grad: (ctx) => {
    const { g, node } = ctx;
    if (ctx.dy[1] || ctx.dy[2]) throw new BertfitError('LayerNormalization gradient: its Mean/InvStdDev outputs are not differentiable');
    const axis = node.attrs.axis?.kind === 'int' ? node.attrs.axis.value : -1;
    const [x, scale, d] = [input(ctx, 0), input(ctx, 1), dy0(ctx)];
    if (axis !== -1 && axis !== x.shape.length - 1) throw new BertfitError(`LayerNormalization gradient: only the last axis is supported (axis ${axis})`);
    // The statistics are float32 (stash type); float64 graphs cast them, which limits their precision to ~1e-7.
    const stat = (i: number) => (output(ctx, i).dtype === x.dtype ? output(ctx, i) : op.cast(g, output(ctx, i), x.dtype));
    const [mean, istd] = [stat(1), stat(2)];
    const xhat = op.mul(g, op.sub(g, x, mean), istd);
    const batchAxes = [...Array(x.shape.length - 1).keys()];
    const dScale = op.reduceSum(g, op.mul(g, d, xhat), batchAxes);
    const dBias = op.reduceSum(g, d, batchAxes);
    const gs = op.mul(g, d, scale);
    const inner = op.sub(g, op.sub(g, gs, op.reduceMean(g, gs, [-1], true)), op.mul(g, xhat, op.reduceMean(g, op.mul(g, gs, xhat), [-1], true)));
    const dx = op.mul(g, istd, inner);
    return node.inputs[2] ? [dx, dScale, dBias] : [dx, dScale];
  },
};
