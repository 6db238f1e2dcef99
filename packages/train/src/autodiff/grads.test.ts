import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Graph, Value } from '../graph/graph.js';
import * as op from '../graph/ops/index.js';
import type { CheckInput } from './gradcheck.js';
import { gradCheck } from './gradcheck.js';
import { GRAD_RULE_LIST } from './registry.js';

const rnd = (n: number, seed: number, scale = 1): number[] => Array.from({ length: n }, (_, k) => scale * Math.sin(12.9898 * (k + 1) * seed + 78.233 * seed) * 1.3);
const f64 = (shape: number[], seed: number, wrt = true, scale = 1): CheckInput => ({
  dtype: 'float64',
  shape,
  data: rnd(
    shape.reduce((a, b) => a * b, 1),
    seed,
    scale,
  ),
  wrt,
});
const i64 = (shape: number[], data: number[]): CheckInput => ({ dtype: 'int64', shape, data });

type Case = [string, Record<string, CheckInput>, (g: Graph, x: Record<string, Value>) => Value];

// Every rule is exercised by float64 central differences here, except Gelu (no float64 Erf kernel:
// PyTorch golden values below) and Dropout (random: checked against its own mask below).
const CASES: Case[] = [
  ['Add (broadcast [3])', { a: f64([2, 3], 1), b: f64([3], 2) }, (g, x) => op.add(g, x.a!, x.b!)],
  ['Sub (broadcast [2,1])', { a: f64([2, 3], 3), b: f64([2, 1], 4) }, (g, x) => op.sub(g, x.a!, x.b!)],
  ['Mul (value used twice: x·x·b)', { a: f64([2, 3], 5), b: f64([1, 3], 6) }, (g, x) => op.mul(g, op.mul(g, x.a!, x.a!), x.b!)],
  ['Div', { a: f64([2, 3], 7), b: { dtype: 'float64', shape: [3], data: [1.5, -2, 0.7], wrt: true } }, (g, x) => op.div(g, x.a!, x.b!)],
  ['Neg + Identity', { a: f64([4], 8) }, (g, x) => op.identity(g, op.neg(g, x.a!))],
  ['MatMul 2-D', { a: f64([3, 4], 9), b: f64([4, 2], 10) }, (g, x) => op.matmul(g, x.a!, x.b!)],
  ['MatMul batched × 2-D weight', { a: f64([2, 3, 4], 11), b: f64([4, 5], 12) }, (g, x) => op.matmul(g, x.a!, x.b!)],
  ['MatMul batch broadcast', { a: f64([2, 1, 3, 4], 13), b: f64([3, 4, 2], 14) }, (g, x) => op.matmul(g, x.a!, x.b!)],
  ...(
    [
      [false, false],
      [false, true],
      [true, false],
      [true, true],
    ] as const
  ).map(
    ([tA, tB]): Case => [
      `Gemm transA=${tA} transB=${tB} alpha/beta`,
      { a: f64(tA ? [4, 3] : [3, 4], 15), b: f64(tB ? [2, 4] : [4, 2], 16), c: f64([2], 17) },
      (g, x) => op.gemm(g, x.a!, x.b!, x.c!, { transA: tA, transB: tB, alpha: 0.7, beta: 1.3 }),
    ],
  ),
  ['Gemm with C [1,N]', { a: f64([3, 4], 18), b: f64([2, 4], 19), c: f64([1, 2], 20) }, (g, x) => op.gemm(g, x.a!, x.b!, x.c!, { transB: true })],
  ['Gather (repeated ids accumulate)', { t: f64([5, 3], 21), i: i64([2, 3], [4, 0, 4, 1, 4, 2]) }, (g, x) => op.gather(g, x.t!, x.i!)],
  ['LayerNormalization', { x: f64([3, 5], 22), s: f64([5], 23), b: f64([5], 24) }, (g, x) => op.layerNorm(g, x.x!, x.s!, x.b!, 1e-5).y],
  ['LayerNormalization 3-D', { x: f64([2, 2, 4], 25), s: f64([4], 26), b: f64([4], 27) }, (g, x) => op.layerNorm(g, x.x!, x.s!, x.b!, 1e-12).y],
  ['Softmax last axis', { x: f64([2, 4], 28) }, (g, x) => op.softmax(g, x.x!)],
  ['Softmax axis 0', { x: f64([3, 2], 29) }, (g, x) => op.softmax(g, x.x!, 0)],
  ['Tanh', { x: f64([5], 30) }, (g, x) => op.tanh(g, x.x!)],
  ...(['sum', 'mean', 'none'] as const).map(
    (red): Case => [
      `SoftmaxCrossEntropyLoss weighted ${red}`,
      { s: f64([4, 3], 31), y: i64([4], [0, 2, 2, 1]), w: { dtype: 'float64', shape: [3], data: [1.18, 0.83, 1.06] } },
      (g, x) => op.softmaxCrossEntropy(g, x.s!, x.y!, x.w!, red).loss,
    ],
  ),
  ['SoftmaxCrossEntropyLoss unweighted mean', { s: f64([3, 4], 32), y: i64([3], [3, 0, 1]) }, (g, x) => op.softmaxCrossEntropy(g, x.s!, x.y!, null, 'mean').loss],
  ['Reshape', { x: f64([2, 6], 33) }, (g, x) => op.mul(g, op.reshape(g, x.x!, [3, -1]), op.reshape(g, x.x!, [3, 4]))],
  ['Transpose', { x: f64([2, 3, 4], 34) }, (g, x) => op.matmul(g, op.transpose(g, x.x!, [2, 0, 1]), op.transpose(g, x.x!, [2, 1, 0]))],
  ['Unsqueeze + Squeeze', { x: f64([2, 3], 35) }, (g, x) => op.squeeze(g, op.mul(g, op.unsqueeze(g, x.x!, [0, 2]), op.unsqueeze(g, x.x!, [0, 2])), [0])],
  ['Slice (2 axes, offsets)', { x: f64([4, 5], 36) }, (g, x) => op.slice(g, x.x!, [1, 2], [3, 5], [0, 1])],
  ['Where', { c: { dtype: 'bool', shape: [2, 3], data: [1, 0, 0, 1, 1, 0] }, a: f64([2, 3], 37), b: f64([3], 38) }, (g, x) => op.where(g, x.c!, x.a!, x.b!)],
  ['Cast float64 → float64', { x: f64([3], 39) }, (g, x) => op.mul(g, op.cast(g, x.x!, 'float64'), x.x!)],
  ['ReduceSum keepdims / not', { x: f64([2, 3, 2], 40) }, (g, x) => op.mul(g, op.reduceSum(g, x.x!, [1], true), op.unsqueeze(g, op.reduceSum(g, x.x!, [1]), [1]))],
  ['ReduceMean', { x: f64([2, 3, 2], 41) }, (g, x) => op.reduceMean(g, x.x!, [0, 2])],
];

describe('gradient rules (float64 central differences)', () => {
  it.each(CASES)('%s', async (_, inputs, build) => {
    const r = await gradCheck(inputs, build);
    for (const [name, a] of r.analytic) {
      const num = r.numeric.get(name)!;
      for (let k = 0; k < a.length; k++) expect(Math.abs(a[k]! - num[k]!)).toBeLessThanOrEqual(1e-6 + 1e-6 * Math.abs(num[k]!));
      expect(a.some((v) => v !== 0)).toBe(true);
    }
  });

  it('covers every registered rule', () => {
    const tested = new Set(['Gelu', 'Dropout']);
    for (const [name] of CASES) for (const t of name.match(/[A-Z][A-Za-z]+/g) ?? []) tested.add(t);
    expect(GRAD_RULE_LIST.map((r) => r.opType).filter((t) => !tested.has(t))).toEqual([]);
  });

  it('Cast float32 ↔ float64 passes the gradient through', async () => {
    const r = await gradCheck({ x: f64([3], 42) }, (g, x) => op.mul(g, op.cast(g, op.cast(g, x.x!, 'float32'), 'float64'), x.x!), { h: 1e-3 });
    for (const [name, a] of r.analytic) a.forEach((v, k) => expect(Math.abs(v - r.numeric.get(name)![k]!)).toBeLessThan(1e-3));
  });
});

describe('gradient rules without float64 kernels', () => {
  it('Gelu matches PyTorch 1.13 autograd (float64 golden values)', async () => {
    const path = fileURLToPath(new URL('../../test/fixtures/grads/gelu.json', import.meta.url));
    const golden = JSON.parse(readFileSync(path, 'utf8')) as { x: number[]; grad_x: number[] };
    const r = await gradCheck({ x: { dtype: 'float32', shape: [golden.x.length], data: golden.x, wrt: true } }, (g, x) => op.gelu(g, x.x!), { finiteDifferences: false });
    r.analytic.get('x')!.forEach((v, k) => expect(Math.abs(v - golden.grad_x[k]!)).toBeLessThan(2e-7));
  });

  it('Dropout scales the gradient by its own mask / (1 − ratio)', async () => {
    const n = 400;
    const { Graph } = await import('../graph/graph.js');
    const { createSession } = await import('../runtime/session.js');
    const ort = await import('onnxruntime-node');
    const { gradients } = await import('./gradients.js');
    const g = new Graph();
    const x = g.input('x', 'float32', [n]);
    const { y, mask } = op.dropout(g, x, 0.25, 7);
    const loss = op.reduceSum(g, op.mul(g, y, x), [0]);
    g.output('y', y);
    g.output('mask', mask);
    g.output('dx', gradients(g, { ys: [{ value: loss }], wrt: [x] }).get(x)!);
    const s = await createSession(g, { device: { kind: 'cpu' }, threads: 1 });
    const xd = Float32Array.from({ length: n }, (_, k) => 1 + k / n);
    const r = await s.run({ x: new ort.Tensor('float32', xd, [n]) });
    const m = r.mask!.data as Uint8Array;
    const dx = r.dx!.data as Float32Array;
    const kept = m.reduce((a, b) => a + b, 0);
    expect(kept).toBeGreaterThan(n * 0.6);
    expect(kept).toBeLessThan(n * 0.9);
    // loss = Σ x·drop(x): dx = drop(x) + x·mask/(1−p) = 2·x·mask/(1−p)
    for (let k = 0; k < n; k++) expect(dx[k]).toBeCloseTo((2 * xd[k]! * m[k]!) / 0.75, 5);
  });
});

describe('gradients()', () => {
  it('rejects ops without a rule and non-scalar outputs without a seed', async () => {
    const { Graph } = await import('../graph/graph.js');
    const { gradients } = await import('./gradients.js');
    const g = new Graph();
    const x = g.input('x', 'float64', [2]);
    const y = op.sqrt(g, x);
    expect(() => gradients(g, { ys: [{ value: op.reduceSum(g, y, [0]) }], wrt: [x] })).toThrow(/no gradient rule for op Sqrt/);
    expect(() => gradients(g, { ys: [{ value: x }], wrt: [x] })).toThrow("gradients: output 'x' has shape [2]; a non-scalar needs a seed");
  });
});
