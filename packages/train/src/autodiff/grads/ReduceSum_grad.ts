import { BertfitError } from '@bertfit/core';
import type { Value } from '../../graph/graph.js';
import * as op from '../../graph/ops/index.js';
import type { GradContext, GradRule } from '../rule.js';
import { dy0, input } from '../rule.js';

/** dy broadcast back over the reduced axes (re-inserted when keepdims=0). */
export function expandBack(ctx: GradContext): Value {
  const { g, node } = ctx;
  const [x, d] = [input(ctx, 0), dy0(ctx)];
  const axes = op.constInts(g, node.inputs[1] ?? null);
  if (axes === null) throw new BertfitError(`${node.opType} gradient: axes must be a constant input`);
  const keep = node.attrs.keepdims?.kind === 'int' ? node.attrs.keepdims.value : 1;
  const dk = keep === 1 ? d : op.unsqueeze(g, d, axes);
  return op.expand(g, dk, op.shapeOf(g, x), x.shape);
}

export const reduceSumGrad: GradRule = { opType: 'ReduceSum', grad: (ctx) => [expandBack(ctx), null] };
