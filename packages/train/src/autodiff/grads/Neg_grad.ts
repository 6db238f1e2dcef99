import * as op from '../../graph/ops/index.js';
import type { GradRule } from '../rule.js';
import { dy0 } from '../rule.js';

export const negGrad: GradRule = { opType: 'Neg', grad: (ctx) => [op.neg(ctx.g, dy0(ctx))] };
