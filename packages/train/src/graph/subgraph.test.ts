import { describe, expect, it } from '@jest/globals';
import * as ort from 'onnxruntime-node';
import { Graph, op } from './index.js';
import { inlineGraph } from './inline.js';
import { toOnnxBytes } from '../onnx/model.js';
import { createSession } from '../runtime/session.js';

const f32 = Math.fround;

/** acc ← acc·scale + xs[iter] for K trips; scan output Σ acc per trip. `scale` and `xs` are outer-scope reads. */
function accumulateLoop(): Graph {
  const g = new Graph('outer');
  const trips = g.input('trips', 'int64', []);
  const acc0 = g.input('acc0', 'float32', [3]);
  const xs = g.input('xs', 'float32', ['trips', 3]);
  const scale = g.input('scale', 'float32', []);
  g.input('unused', 'float32', [1]);
  const body = g.subgraph('body');
  const iter = body.input('body.iter', 'int64', []);
  const cond = body.input('body.cond', 'bool', []);
  const acc = body.input('body.acc', 'float32', [3]);
  const next = op.add(body, op.mul(body, acc, scale), op.gather(body, xs, iter));
  body.output('body.cond_out', cond);
  body.output('body.acc_out', next);
  body.output('body.sum', op.reduceSum(body, next, [0]));
  op.neg(body, acc); // dead: not written
  const { finals, scans } = op.loop(g, trips, [acc0], body);
  g.output('acc', finals[0]!);
  g.output('sums', scans[0]!);
  return g;
}

describe('subgraphs (ONNX Loop)', () => {
  it('runs a Loop whose body reads outer-scope values, with carried and scan outputs', async () => {
    const g = accumulateLoop();
    expect(g.outputs.map((o) => o.shape)).toEqual([[3], ['trips']]);
    const s = await createSession(g, { device: { kind: 'cpu' }, threads: 1 });
    const xs = Float32Array.of(1, 2, 3, 0.5, -1, 0.25, 4, 0, 1, -2, 3, 7);
    const r = await s.run({
      trips: new ort.Tensor('int64', BigInt64Array.of(4n), []),
      acc0: new ort.Tensor('float32', Float32Array.of(0.1, 0.2, 0.3), [3]),
      xs: new ort.Tensor('float32', xs, [4, 3]),
      scale: new ort.Tensor('float32', Float32Array.of(0.7), []),
      unused: new ort.Tensor('float32', Float32Array.of(0), [1]),
    });
    const acc = [f32(0.1), f32(0.2), f32(0.3)];
    const sums: number[] = [];
    for (let k = 0; k < 4; k++) {
      for (let j = 0; j < 3; j++) acc[j] = f32(f32(acc[j]! * f32(0.7)) + xs[3 * k + j]!);
      sums.push(f32(f32(acc[0]! + acc[1]!) + acc[2]!));
    }
    expect(Array.from(r.acc!.data as Float32Array)).toEqual(acc);
    expect(Array.from(r.sums!.data as Float32Array)).toEqual(sums);
    await s.release();
  });

  it('writes the body as a GRAPH attribute without its dead nodes', () => {
    const bytes = toOnnxBytes(accumulateLoop());
    const text = new TextDecoder('latin1').decode(bytes);
    expect(text).toContain('body.acc_out');
    expect(text).not.toContain('body/neg_');
    // AttributeProto "body": field 6 (g, length-delimited: tag 0x32) and type GRAPH (field 20 = 5: bytes a0 01 05).
    expect(text).toContain('\x0a\x04body\x32');
    expect(text).toContain('\xa0\x01\x05');
  });

  it('rejects bodies of another graph, wrong signatures, shadowed names and writing a subgraph alone', () => {
    const g = new Graph('outer');
    const trips = g.input('trips', 'int64', []);
    const x = g.input('x', 'float32', [2]);
    const stranger = new Graph('other').subgraph('body');
    expect(() => op.loop(g, trips, [x], stranger)).toThrow("Loop: body 'body' is not a subgraph of 'outer' (make it with g.subgraph())");
    const body = g.subgraph('b');
    expect(() => body.input('x', 'float32', [2])).toThrow("graph value 'x' in subgraph 'b': the name is used by an enclosing graph");
    body.input('b.iter', 'int64', []);
    const cond = body.input('b.cond', 'bool', []);
    expect(() => op.loop(g, trips, [x], body)).toThrow("Loop: body 'b' has 2 inputs, expected iter, cond and 1 carried");
    const carried = body.input('b.x', 'int64', [2]);
    body.output('b.cond_out', cond);
    body.output('b.x_out', carried);
    expect(() => op.loop(g, trips, [x], body)).toThrow("Loop: carried value 0 'x' is float32, the body's input 'b.x' int64 and output 'b.x_out' int64");
    expect(() => toOnnxBytes(body)).toThrow("ONNX writer: graph 'b' is a subgraph of 'outer'; write the outermost graph");
    expect(() => op.neg(new Graph('third'), x)).toThrow("Neg: input 'x' belongs to another graph");
  });

  it('inlines the part of a graph that computes the requested outputs, with inputs bound by name', async () => {
    const src = new Graph('src');
    const a = src.input('a', 'float32', [2]);
    const b = src.input('b', 'float32', [2]);
    src.output('y', op.mul(src, op.add(src, a, op.scalar(src, 1)), a));
    src.output('z', op.neg(src, b));
    const dst = new Graph('dst');
    const p = dst.input('p', 'float32', [2]);
    const out = inlineGraph(dst, src, new Map([['a', p]]), ['y']);
    dst.output('y', out.get('y')!);
    expect(dst.nodes.map((n) => n.opType)).toEqual(['Add', 'Mul']);
    const s = await createSession(dst, { device: { kind: 'cpu' }, threads: 1 });
    const r = await s.run({ p: new ort.Tensor('float32', Float32Array.of(2, -3), [2]) });
    expect(Array.from(r.y!.data as Float32Array)).toEqual([6, 6]);
    await s.release();
    expect(() => inlineGraph(dst, src, new Map(), ['z'])).toThrow("inlineGraph: input 'b' of graph 'src' is not bound");
    expect(() => inlineGraph(dst, src, new Map(), ['w'])).toThrow("inlineGraph: graph 'src' has no output 'w'");
  });
});
