import type { GradRule } from '../rule.js';
import { dy0, input } from '../rule.js';
import { unbroadcast } from '../unbroadcast.js';

export const addGrad: GradRule = {
  opType: 'Add',
  grad: (ctx) => [unbroadcast(ctx.g, dy0(ctx), input(ctx, 0)), unbroadcast(ctx.g, dy0(ctx), input(ctx, 1))],
};
