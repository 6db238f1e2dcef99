import * as op from '../../graph/ops/index.js';
import type { Attr } from '../../graph/graph.js';
import type { GradRule } from '../rule.js';
import { dy0, input } from '../rule.js';
import { unbroadcast } from '../unbroadcast.js';

const num = (a: Attr | undefined, dflt: number): number => (a && (a.kind === 'int' || a.kind === 'float') ? a.value : dflt);

/**
 * y = α·op(A)·op(B) + β·C. Each case is one Gemm with the transposes folded in
 * (e.g. a linear layer, transB: dA = dY·B, dB = dYᵀ·A).
 */
export const gemmGrad: GradRule = {
  opType: 'Gemm',
  grad: (ctx) => {
    const { g, node } = ctx;
    const [a, b, d] = [input(ctx, 0), input(ctx, 1), dy0(ctx)];
    const tA = num(node.attrs.transA, 0) === 1;
    const tB = num(node.attrs.transB, 0) === 1;
    const alpha = num(node.attrs.alpha, 1);
    const beta = num(node.attrs.beta, 1);
    const o = { alpha };
    const da = !tA ? op.gemm(g, d, b, null, { ...o, transB: !tB }) : op.gemm(g, b, d, null, { ...o, transA: tB, transB: true });
    const db = !tB ? op.gemm(g, a, d, null, { ...o, transA: !tA }) : op.gemm(g, d, a, null, { ...o, transA: true, transB: tA });
    const c = node.inputs[2] ?? null;
    if (c === null) return [da, db];
    const dc = unbroadcast(g, beta === 1 ? d : op.mul(g, d, op.scalar(g, beta, d.dtype)), c);
    return [da, db, dc];
  },
};
