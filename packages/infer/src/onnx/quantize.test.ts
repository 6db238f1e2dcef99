import { describe, expect, it } from '@jest/globals';
import * as ort from 'onnxruntime-node';
import { floatAttr, floatTensor, node, readModel, tinyModel, tinyModel2d } from '../../test/tiny-onnx.js';
import { intAttr } from './model-proto.js';
import { msg, str, int } from './wire.js';
import { quantizeColumns, quantizeMatMulWeights } from './quantize.js';

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32) * 2 - 1;
}

async function run(bytes: Uint8Array, x: Float32Array, dims: number[]): Promise<Float32Array> {
  const s = await ort.InferenceSession.create(bytes, { graphOptimizationLevel: 'all' });
  const out = await s.run({ x: new ort.Tensor('float32', x, dims) });
  await s.release();
  return out.y!.data as Float32Array;
}

const K = 16;
const N = 8;
const rand = lcg(7);
const W = Float32Array.from({ length: K * N }, () => rand());
const X = Float32Array.from({ length: 2 * 3 * K }, () => rand());
const permAttr = msg(5, [str(1, 'perm'), int(8, 1), int(8, 0), int(20, 7)]);

describe('quantizeMatMulWeights', () => {
  it('rewrites MatMul with a constant weight into DynamicQuantizeLinear + MatMulInteger, close to fp32', async () => {
    const fp32 = tinyModel(K, N, [node('MatMul', ['x', 'w'], ['y'])], [floatTensor('w', [K, N], W)]);
    const { bytes, quantized } = quantizeMatMulWeights(fp32);
    expect(quantized).toEqual(['w']);
    const m = readModel(bytes, 'q');
    expect(m.nodes.map((n) => n.opType)).toEqual(['DynamicQuantizeLinear', 'Mul', 'MatMulInteger', 'Cast', 'Mul']);
    expect(m.initializers.map((t) => [t.name, t.dataType, t.dims])).toEqual([['w_quantized', 3, [K, N]], ['w_scale', 1, [N]]]);
    const [a, b] = await Promise.all([run(fp32, X, [2, 3, K]), run(bytes, X, [2, 3, K])]);
    let maxDiff = 0;
    for (let i = 0; i < a.length; i++) maxDiff = Math.max(maxDiff, Math.abs(a[i]! - b[i]!));
    expect(maxDiff).toBeGreaterThan(0);
    expect(maxDiff).toBeLessThan(0.05);
  });

  it('folds a [1,0] Transpose of a torch-layout [N,K] weight and drops the float weight', async () => {
    const wt = new Float32Array(K * N);
    for (let i = 0; i < K; i++) for (let j = 0; j < N; j++) wt[j * K + i] = W[i * N + j]!;
    const fp32 = tinyModel(K, N, [node('Transpose', ['wt'], ['w'], [permAttr]), node('MatMul', ['x', 'w'], ['y'])], [floatTensor('wt', [N, K], wt)]);
    const { bytes, quantized } = quantizeMatMulWeights(fp32);
    expect(quantized).toEqual(['wt']);
    const m = readModel(bytes, 'q');
    expect(m.nodes.some((n) => n.opType === 'Transpose')).toBe(false);
    expect(m.initializers.map((t) => t.name)).toEqual(['w_quantized', 'w_scale']);
    const direct = quantizeMatMulWeights(tinyModel(K, N, [node('MatMul', ['x', 'w'], ['y'])], [floatTensor('w', [K, N], W)]));
    expect(await run(bytes, X, [2, 3, K])).toEqual(await run(direct.bytes, X, [2, 3, K]));
  });

  it('turns Gemm(transB) with a bias into the quantized MatMul plus Add, like the MatMul form', async () => {
    const wt = new Float32Array(K * N);
    for (let i = 0; i < K; i++) for (let j = 0; j < N; j++) wt[j * K + i] = W[i * N + j]!;
    const bias = Float32Array.from({ length: N }, (_, j) => j / 10);
    const x2 = tinyModel2d([node('Gemm', ['x', 'wt', 'b'], ['y'], [intAttr('transB', 1)])], [floatTensor('wt', [N, K], wt), floatTensor('b', [N], bias)]);
    const { bytes, quantized } = quantizeMatMulWeights(x2);
    expect(quantized).toEqual(['wt']);
    expect(readModel(bytes, 'q').nodes.map((n) => n.opType)).toEqual(['DynamicQuantizeLinear', 'Mul', 'MatMulInteger', 'Cast', 'Mul', 'Add']);
    const x = X.subarray(0, 3 * K);
    const [a, b] = await Promise.all([run(x2, x, [3, K]), run(bytes, x, [3, K])]);
    for (let i = 0; i < a.length; i++) expect(Math.abs(a[i]! - b[i]!)).toBeLessThan(0.05);
    const alpha = tinyModel2d([node('Gemm', ['x', 'wt', 'b'], ['y'], [intAttr('transB', 1), floatAttr('alpha', 2)])], [floatTensor('wt', [N, K], wt), floatTensor('b', [N], bias)]);
    expect(quantizeMatMulWeights(alpha).quantized).toEqual([]);
  });

  it('leaves MatMuls of two activations alone', () => {
    const fp32 = tinyModel(K, K, [node('MatMul', ['x', 'x'], ['y'])], []);
    expect(quantizeMatMulWeights(fp32).quantized).toEqual([]);
  });

  it('quantizes each column symmetrically to [-63, 63]', () => {
    const { q, scale } = quantizeColumns({ k: 2, n: 2, data: Float32Array.of(1.5, -0.5, -2, 0.2) });
    expect(Array.from(scale)).toEqual([Math.fround(2 / 63), Math.fround(0.5 / 63)]);
    expect(Array.from(q)).toEqual([47, -63, -63, 25]);
    expect(() => quantizeColumns({ k: 1, n: 1, data: Float32Array.of(NaN) })).toThrow('quantizing a [1,1] weight: column 0 holds a non-finite value (NaN)');
  });
});
