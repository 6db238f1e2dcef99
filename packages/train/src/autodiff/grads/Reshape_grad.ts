import type { Value } from '../../graph/graph.js';
import * as op from '../../graph/ops/index.js';
import { staticSize } from '../../graph/shape.js';
import type { GradContext, GradRule } from '../rule.js';
import { dy0, input } from '../rule.js';

/** Reshape-like ops (Reshape, Squeeze, Unsqueeze): the gradient takes the input's shape back. */
export function reshapeBack(ctx: GradContext): Value {
  const { g } = ctx;
  const [x, d] = [input(ctx, 0), dy0(ctx)];
  if (staticSize(x.shape) !== null) return op.reshape(g, d, x.shape as number[], x.shape);
  return op.reshape(g, d, op.shapeOf(g, x), x.shape);
}

export const reshapeGrad: GradRule = { opType: 'Reshape', grad: (ctx) => [reshapeBack(ctx), null] };
export const squeezeGrad: GradRule = { opType: 'Squeeze', grad: (ctx) => [reshapeBack(ctx), null] };
export const unsqueezeGrad: GradRule = { opType: 'Unsqueeze', grad: (ctx) => [reshapeBack(ctx), null] };
