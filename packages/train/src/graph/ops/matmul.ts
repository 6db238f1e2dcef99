import { BertfitError } from '@bertfit/core';
import type { Graph, Value } from '../graph.js';
import type { Dim } from '../shape.js';
import { broadcastShapes, formatShape } from '../shape.js';
import { expectFloat, expectRank, expectSameDType } from './check.js';

function mismatch(op: string, arg: string, v: Value, expected: string): BertfitError {
  return new BertfitError(`${op}: input '${arg}' has shape ${formatShape(v.shape)}, expected ${expected}`);
}

/** Numpy matmul: [..., M, K] × [..., K, N] with broadcast batch dims (rank ≥ 2 both). */
export function matmul(g: Graph, a: Value, b: Value): Value {
  expectFloat('MatMul', 'a', a);
  expectSameDType('MatMul', a, b);
  if (a.shape.length < 2) throw mismatch('MatMul', 'a', a, '[...,M,K] (rank >= 2)');
  if (b.shape.length < 2) throw mismatch('MatMul', 'b', b, '[...,K,N] (rank >= 2)');
  const k = a.shape[a.shape.length - 1]!;
  if (b.shape[b.shape.length - 2] !== k) throw mismatch('MatMul', 'b', b, `[...,${k},*]`);
  const batch = broadcastShapes('MatMul', a.shape.slice(0, -2), b.shape.slice(0, -2));
  const shape: Dim[] = [...batch, a.shape[a.shape.length - 2]!, b.shape[b.shape.length - 1]!];
  return g.node('MatMul', [a, b], [{ dtype: a.dtype, shape }])[0]!;
}

export interface GemmOptions {
  transA?: boolean;
  transB?: boolean;
  alpha?: number;
  beta?: number;
}

/** Gemm: alpha·op(A)·op(B) + beta·C, 2-D only; C broadcasts to [M,N] (a bias [N] typically). */
export function gemm(g: Graph, a: Value, b: Value, c: Value | null, opts: GemmOptions = {}): Value {
  expectFloat('Gemm', 'a', a);
  expectSameDType('Gemm', a, b);
  expectRank('Gemm', 'a', a, 2);
  expectRank('Gemm', 'b', b, 2);
  const [m, ka] = opts.transA ? [a.shape[1]!, a.shape[0]!] : [a.shape[0]!, a.shape[1]!];
  const [kb, n] = opts.transB ? [b.shape[1]!, b.shape[0]!] : [b.shape[0]!, b.shape[1]!];
  if (ka !== kb) throw mismatch('Gemm', 'b', b, opts.transB ? `[*,${ka}]` : `[${ka},*]`);
  if (c !== null) {
    expectSameDType('Gemm', a, c, ['a', 'c']);
    const out = broadcastShapes('Gemm', [m, n], c.shape);
    if (out.length !== 2 || out[0] !== m || out[1] !== n) throw mismatch('Gemm', 'c', c, `broadcastable to [${m},${n}]`);
  }
  const attrs = {
    transA: { kind: 'int', value: opts.transA ? 1 : 0 },
    transB: { kind: 'int', value: opts.transB ? 1 : 0 },
    alpha: { kind: 'float', value: opts.alpha ?? 1 },
    beta: { kind: 'float', value: opts.beta ?? 1 },
  } as const;
  return g.node('Gemm', c === null ? [a, b] : [a, b, c], [{ dtype: a.dtype, shape: [m, n] }], attrs)[0]!;
}
