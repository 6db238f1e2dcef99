import { describe, expect, it } from '@jest/globals';
import * as ort from 'onnxruntime-node';
import { gradients } from '../../autodiff/gradients.js';
import { createSession } from '../../runtime/session.js';
import { Graph } from '../graph.js';
import * as op from './index.js';

describe('int8 op builders', () => {
  it('DynamicQuantizeLinear → MatMulInteger computes (xq − x_zp)·(Wq − W_zp) exactly in int32', async () => {
    const g = new Graph();
    const x = g.input('x', 'float32', ['rows', 3]);
    const w = Int8Array.of(1, -2, 3, 4, -5, 6);
    const wq = g.initializer('w_quantized', 'int8', [3, 2], w);
    const xq = op.dynamicQuantizeLinear(g, x);
    expect([xq.y.dtype, xq.y.shape, xq.scale.shape, xq.zeroPoint.dtype]).toEqual(['uint8', ['rows', 3], [], 'uint8']);
    const y = op.matMulInteger(g, xq.y, wq, xq.zeroPoint, op.scalar(g, 1, 'int8'));
    expect([y.dtype, y.shape]).toEqual(['int32', ['rows', 2]]);
    g.output('y', y);
    g.output('q', xq.y);
    g.output('zp', xq.zeroPoint);
    const s = await createSession(g, { device: { kind: 'cpu' }, threads: 1 });
    const r = await s.run({ x: new ort.Tensor('float32', Float32Array.of(-1, 0, 2, 0.5, 1.5, -0.25), [2, 3]) });
    await s.release();
    const q = Array.from(r.q!.data as Uint8Array);
    const zp = (r.zp!.data as Uint8Array)[0]!;
    // x spans [-1, 2]: scale 3/255, zero point round(1/scale) = 85.
    expect(zp).toBe(85);
    const want = [0, 1].flatMap((i) => [0, 1].map((j) => [0, 1, 2].reduce((acc, k) => acc + (q[i * 3 + k]! - zp) * (w[k * 2 + j]! - 1), 0)));
    expect(Array.from(r.y!.data as Int32Array)).toEqual(want);
  });

  it('checks dtypes, ranks and zero-point shapes up front', () => {
    const g = new Graph();
    const x = g.input('x', 'float32', ['rows', 3]);
    const xq = op.dynamicQuantizeLinear(g, x);
    const w = g.initializer('w', 'int8', [3, 2], new Int8Array(6));
    const zero = op.scalar(g, 0, 'int8');
    expect(() => op.dynamicQuantizeLinear(g, xq.y)).toThrow("DynamicQuantizeLinear: input 'x' has dtype uint8, expected float32");
    expect(() => op.matMulInteger(g, x, w, xq.zeroPoint, zero)).toThrow("MatMulInteger: input 'a' has dtype float32, expected uint8 or int8");
    expect(() => op.matMulInteger(g, xq.y, g.initializer('w4', 'int8', [4, 2], new Int8Array(8)), xq.zeroPoint, zero)).toThrow(
      "MatMulInteger: input 'b' has shape [4,2], expected [3,*]",
    );
    expect(() => op.matMulInteger(g, xq.y, w, zero, zero)).toThrow("MatMulInteger: input 'a_zero_point' has dtype int8, expected uint8");
    const perColumn = g.initializer('zp3', 'int8', [3], new Int8Array(3));
    expect(() => op.matMulInteger(g, xq.y, w, xq.zeroPoint, perColumn)).toThrow("MatMulInteger: input 'b_zero_point' has shape [3], expected [] or [2]");
  });

  it('has no gradient by design, and gradients() says so rather than reporting a missing rule', () => {
    const g = new Graph();
    const x = g.input('x', 'float32', [2, 3]);
    const xq = op.dynamicQuantizeLinear(g, x);
    const product = op.cast(g, op.matMulInteger(g, xq.y, g.initializer('w', 'int8', [3, 1], new Int8Array(3)), xq.zeroPoint, op.scalar(g, 0, 'int8')), 'float32');
    // The dequantizing Mul sends a gradient into the float scale output of DynamicQuantizeLinear.
    const loss = op.reduceSum(g, op.mul(g, product, xq.scale), [0, 1]);
    expect(() => gradients(g, { ys: [{ value: loss }], wrt: [x] })).toThrow(
      `gradients: op DynamicQuantizeLinear has no gradient by design (int8 inference only; node producing '${xq.y.name}')`,
    );
  });
});
