import * as op from '../../graph/ops/index.js';
import type { GradRule } from '../rule.js';
import { dy0, input, output } from '../rule.js';
import { unbroadcast } from '../unbroadcast.js';

/** y = a/b: da = dy/b, db = -dy·y/b = -da·y. */
export const divGrad: GradRule = {
  opType: 'Div',
  grad: (ctx) => {
    const { g } = ctx;
    const [a, b, d, y] = [input(ctx, 0), input(ctx, 1), dy0(ctx), output(ctx, 0)];
    const da = op.div(g, d, b);
    return [unbroadcast(g, da, a), unbroadcast(g, op.neg(g, op.mul(g, da, y)), b)];
  },
};
