import * as op from '../../graph/ops/index.js';
import type { GradRule } from '../rule.js';
import { dy0, input } from '../rule.js';
import { unbroadcast } from '../unbroadcast.js';

export const subGrad: GradRule = {
  opType: 'Sub',
  grad: (ctx) => [unbroadcast(ctx.g, dy0(ctx), input(ctx, 0)), unbroadcast(ctx.g, op.neg(ctx.g, dy0(ctx)), input(ctx, 1))],
};
