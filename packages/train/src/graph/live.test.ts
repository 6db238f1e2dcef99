import { describe, expect, it } from '@jest/globals';
import * as ort from 'onnxruntime-node';
import { Graph, op } from './index.js';
import { liveSubgraph } from './live.js';
import { createSession } from '../runtime/session.js';

describe('liveSubgraph', () => {
  it('keeps only what the outputs depend on, and the session still accepts every input', async () => {
    const g = new Graph();
    const a = g.input('a', 'float32', [2]);
    const b = g.input('b', 'float32', [2]);
    const used = op.mul(g, a, op.scalar(g, 3));
    const dead = op.add(g, op.mul(g, b, op.scalar(g, 7)), used);
    g.output('y', op.add(g, used, a));
    const live = liveSubgraph(g);
    expect(live.nodes.map((n) => n.opType)).toEqual(['Mul', 'Add']);
    expect(live.values.has(dead)).toBe(false);
    expect([...g.constants.keys()].filter((c) => live.values.has(c))).toHaveLength(1);
    const s = await createSession(g, { device: { kind: 'cpu' }, threads: 1 });
    const out = await s.run({ a: new ort.Tensor('float32', Float32Array.of(1, 2), [2]), b: new ort.Tensor('float32', Float32Array.of(5, 6), [2]) });
    expect(Array.from(out.y!.data as Float32Array)).toEqual([4, 8]);
    expect(s.inputNames).toEqual(['a', 'b']);
    await s.release();
  });
});
