import * as op from '../../graph/ops/index.js';
import type { GradRule } from '../rule.js';
import { dy0, output } from '../rule.js';

/** dx = y·(dy − Σ dy·y) along the softmax axis. */
export const softmaxGrad: GradRule = {
  opType: 'Softmax',
  grad: (ctx) => {
    const { g, node } = ctx;
    const axis = node.attrs.axis?.kind === 'int' ? node.attrs.axis.value : -1;
    const [y, d] = [output(ctx, 0), dy0(ctx)];
    const yd = op.mul(g, d, y);
    return [op.sub(g, yd, op.mul(g, y, op.reduceSum(g, yd, [axis], true)))];
  },
};
