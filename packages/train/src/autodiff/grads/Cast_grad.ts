import { isFloat } from '../../graph/dtype.js';
import * as op from '../../graph/ops/index.js';
import type { GradRule } from '../rule.js';
import { dy0, input } from '../rule.js';

/** Float → float casts pass the gradient back in the input's type; casts from ints/bools have none. */
export const castGrad: GradRule = {
  opType: 'Cast',
  grad: (ctx) => {
    const x = input(ctx, 0);
    const d = dy0(ctx);
    if (!isFloat(x.dtype) || !isFloat(d.dtype)) return [null];
    return [x.dtype === d.dtype ? d : op.cast(ctx.g, d, x.dtype)];
  },
};
