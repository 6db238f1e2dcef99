import * as op from '../../graph/ops/index.js';
import type { GradRule } from '../rule.js';
import { input, output } from '../rule.js';
import { expandBack } from './ReduceSum_grad.js';

/** Like ReduceSum, divided by the number of reduced elements (size(x)/size(y), computed in-graph). */
export const reduceMeanGrad: GradRule = {
  opType: 'ReduceMean',
  grad: (ctx) => {
    const { g } = ctx;
    const [x, y] = [input(ctx, 0), output(ctx, 0)];
    const count = op.div(g, op.cast(g, op.size(g, x), x.dtype), op.cast(g, op.size(g, y), x.dtype));
    return [op.div(g, expandBack(ctx), count), null];
  },
};
