import { describe, expect, it } from '@jest/globals';
import * as ort from 'onnxruntime-node';
import { Graph, op } from './index.js';
import { createSession } from '../runtime/session.js';

describe('graph builder', () => {
  it('checks shapes up front and names the op and argument', () => {
    const g = new Graph();
    const a = g.input('a', 'float32', [2, 3]);
    const b = g.input('b', 'float32', [3, 4]);
    expect(() => op.matmul(g, a, a)).toThrow("MatMul: input 'b' has shape [2,3], expected [...,3,*]");
    expect(() => op.add(g, a, b)).toThrow("Add: inputs 'a' [2,3] and 'b' [3,4] do not broadcast (axis 0: 2 vs 3)");
    expect(() => op.gemm(g, a, b, null, { transB: true })).toThrow("Gemm: input 'b' has shape [3,4], expected [*,3]");
    const i = g.input('i', 'int64', [2]);
    expect(() => op.add(g, a, i)).toThrow("Add: input 'b' has dtype int64, expected float32 like 'a'");
    expect(() => op.transpose(g, a, [0, 0])).toThrow('Transpose: perm [0,0] is not a permutation');
    expect(() => g.input('a', 'float32', [1])).toThrow("graph value 'a': the name is already used");
  });

  it('infers symbolic shapes through broadcasting, matmul and reshape', () => {
    const g = new Graph();
    const x = g.input('x', 'float32', ['batch', 'seq', 8]);
    const w = g.input('w', 'float32', [8, 4]);
    const y = op.matmul(g, x, w);
    expect(y.shape).toEqual(['batch', 'seq', 4]);
    expect(op.reshape(g, y, [-1, 4]).shape).toEqual(['batch*seq', 4]);
    expect(op.reshape(g, y, [0, -1]).shape).toEqual(['batch', '4*seq']);
    expect(op.add(g, y, g.input('b', 'float32', [4])).shape).toEqual(['batch', 'seq', 4]);
  });

  it('writes ONNX bytes that onnxruntime runs, with symbolic dims and negative attributes', async () => {
    const g = new Graph();
    const x = g.input('x', 'float32', ['n', 3]);
    const w = g.input('w', 'float32', [2, 3]);
    const b = g.input('b', 'float32', [2]);
    const y = op.gemm(g, x, w, b, { transB: true, alpha: 2 });
    g.output('y', y);
    g.output('s', op.softmax(g, y, -1));
    const s = await createSession(g, { device: { kind: 'cpu' }, threads: 1 });
    const r = await s.run({
      x: new ort.Tensor('float32', Float32Array.of(1, 2, 3, 4, 5, 6), [2, 3]),
      w: new ort.Tensor('float32', Float32Array.of(1, 0, 0, 0, 1, 1), [2, 3]),
      b: new ort.Tensor('float32', Float32Array.of(0.5, -1), [2]),
    });
    expect(Array.from(r.y!.data as Float32Array)).toEqual([2.5, 9, 8.5, 21]);
    const sm = r.s!.data as Float32Array;
    expect(sm[0]! + sm[1]!).toBeCloseTo(1, 6);
  });

  it('reports an unavailable device clearly', async () => {
    const g = new Graph();
    g.output('y', op.neg(g, g.input('x', 'float32', [1])));
    await expect(createSession(g, { device: { kind: 'cuda', index: 0 } })).rejects.toThrow(
      /^an onnxruntime session requests cuda:0, but onnxruntime-node 1\.30\.0 has no CUDA execution provider here: .* are missing from /,
    );
  });

  it('scatterAddRows adds repeated rows in row order, the same sum at 2 threads every run', async () => {
    const [N, H] = [2048, 256];
    const g = new Graph();
    const ids = g.input('ids', 'int64', ['n']);
    const rows = g.input('rows', 'float32', ['n', H]);
    g.output('table', op.scatterAddRows(g, op.constantOfShape(g, op.ints(g, [3, H]), [3, H]), ids, rows));
    const session = await createSession(g, { device: { kind: 'cpu' }, threads: 2 });
    const id = BigInt64Array.from({ length: N }, (_, i) => BigInt(i % 7 === 0 ? 2 : 0)); // row 1 gets nothing
    const values = Float32Array.from({ length: N * H }, (_, i) => Math.sin(i) * 3);
    const want = new Float32Array(3 * H);
    for (let i = 0; i < N; i++) {
      for (let j = 0; j < H; j++) {
        const k = Number(id[i]!) * H + j;
        want[k] = want[k]! + values[i * H + j]!;
      }
    }
    const feeds = { ids: new ort.Tensor('int64', id, [N]), rows: new ort.Tensor('float32', values, [N, H]) };
    for (let run = 0; run < 5; run++) expect((await session.run(feeds)).table!.data).toEqual(want);
  });
});
