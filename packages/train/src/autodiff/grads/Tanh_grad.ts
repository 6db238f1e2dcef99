import * as op from '../../graph/ops/index.js';
import type { GradRule } from '../rule.js';
import { dy0, output } from '../rule.js';

/** dx = dy·(1 − y²). */
export const tanhGrad: GradRule = {
  opType: 'Tanh',
  grad: (ctx) => {
    const { g } = ctx;
    const [y, d] = [output(ctx, 0), dy0(ctx)];
    return [op.mul(g, d, op.sub(g, op.scalar(g, 1, y.dtype), op.mul(g, y, y)))];
  },
};
