import { BertfitError } from '@bertfit/core';
import * as op from '../../graph/ops/index.js';
import type { GradRule } from '../rule.js';
import { dy0, input } from '../rule.js';

/** Exact GELU x·Φ(x): dx = dy·(Φ(x) + x·φ(x)), Φ from Erf, φ(x) = exp(−x²/2)/√(2π). */
export const geluGrad: GradRule = {
  opType: 'Gelu',
  grad: (ctx) => {
    const { g, node } = ctx;
    const approx = node.attrs.approximate;
    if (approx && approx.kind === 'string' && approx.value !== 'none') throw new BertfitError(`Gelu gradient: approximate="${approx.value}" is not supported`);
    const [x, d] = [input(ctx, 0), dy0(ctx)];
    const c = (v: number) => op.scalar(g, v, x.dtype);
    const cdf = op.mul(g, c(0.5), op.add(g, c(1), op.erf(g, op.mul(g, x, c(Math.SQRT1_2)))));
    const pdf = op.mul(g, op.exp(g, op.mul(g, op.mul(g, x, x), c(-0.5))), c(1 / Math.sqrt(2 * Math.PI)));
    return [op.mul(g, d, op.add(g, cdf, op.mul(g, x, pdf)))];
  },
};
