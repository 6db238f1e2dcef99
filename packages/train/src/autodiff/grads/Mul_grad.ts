import * as op from '../../graph/ops/index.js';
import type { GradRule } from '../rule.js';
import { dy0, input } from '../rule.js';
import { unbroadcast } from '../unbroadcast.js';

export const mulGrad: GradRule = {
  opType: 'Mul',
  grad: (ctx) => {
    const [a, b, d] = [input(ctx, 0), input(ctx, 1), dy0(ctx)];
    return [unbroadcast(ctx.g, op.mul(ctx.g, d, b), a), unbroadcast(ctx.g, op.mul(ctx.g, d, a), b)];
  },
};
