import * as op from '../../graph/ops/index.js';
import type { GradRule } from '../rule.js';
import { dy0, input } from '../rule.js';
import { unbroadcast } from '../unbroadcast.js';

/** Routes dy to the branch each element came from. */
export const whereGrad: GradRule = {
  opType: 'Where',
  grad: (ctx) => {
    const { g } = ctx;
    const [c, a, b, d] = [input(ctx, 0), input(ctx, 1), input(ctx, 2), dy0(ctx)];
    const zero = op.scalar(g, 0, d.dtype);
    return [null, unbroadcast(g, op.where(g, c, d, zero), a), unbroadcast(g, op.where(g, c, zero, d), b)];
  },
};
