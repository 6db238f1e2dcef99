import type { Graph, Value } from '../../graph/graph.js';
import * as op from '../../graph/ops/index.js';
import type { GradRule } from '../rule.js';
import { dy0, input } from '../rule.js';
import { unbroadcast } from '../unbroadcast.js';

function swapLast2(g: Graph, v: Value): Value {
  const r = v.shape.length;
  return op.transpose(g, v, [...Array(r - 2).keys(), r - 1, r - 2]);
}

/**
 * y = a·b: da = dy·bᵀ, db = aᵀ·dy, batch broadcasting undone. A 2-D `b` under a batched `a` (a
 * linear layer) gets one Gemm over the flattened batch instead of a batched product plus a sum.
 */
export const matMulGrad: GradRule = {
  opType: 'MatMul',
  grad: (ctx) => {
    const { g } = ctx;
    const [a, b, d] = [input(ctx, 0), input(ctx, 1), dy0(ctx)];
    const da = unbroadcast(g, op.matmul(g, d, swapLast2(g, b)), a);
    if (b.shape.length === 2 && a.shape.length > 2) {
      const k = b.shape[0] as number;
      const n = b.shape[1] as number;
      return [da, op.gemm(g, op.reshape(g, a, [-1, k]), op.reshape(g, d, [-1, n]), null, { transA: true })];
    }
    return [da, unbroadcast(g, op.matmul(g, swapLast2(g, a), d), b)];
  },
};
