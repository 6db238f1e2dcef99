import { describe, it, expect } from '@jest/globals';
import { ParamStore } from './param-store.js';
import type { ParamSpec } from '../models/bert-params.js';

const specs: ParamSpec[] = [
  { name: 'w', shape: [2, 3], decay: true, init: 'normal' },
  { name: 'b', shape: [3], decay: false, init: 'zeros' },
];

describe('ParamStore', () => {
  it('lays tensors out contiguously in spec order with views into flat', () => {
    const s = ParamStore.create(specs);
    expect(s.size).toBe(9);
    expect([s.offset('w'), s.offset('b')]).toEqual([0, 6]);
    s.view('b')[1] = 5;
    expect(s.flat[7]).toBe(5);
    expect(s.view('b').buffer).toBe(s.flat.buffer);
    const seen: string[] = [];
    s.forEach((spec, view, offset) => seen.push(`${spec.name}:${view.length}@${offset}`));
    expect(seen).toEqual(['w:6@0', 'b:3@6']);
  });

  it('loads shape-checked tensors and exports them', () => {
    const s = ParamStore.create(specs);
    s.loadTensors(
      new Map([
        ['w', { shape: [2, 3], data: new Float32Array([1, 2, 3, 4, 5, 6]) }],
        ['b', { shape: [3], data: new Float32Array([7, 8, 9]) }],
      ]),
      { source: 'mem' },
    );
    expect(Array.from(s.flat)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const out = new Map(s.toTensors());
    expect(out.get('w')!.shape).toEqual([2, 3]);
    expect(Array.from(out.get('b')!.data)).toEqual([7, 8, 9]);
  });

  it('names the tensor, expected and actual shape on a mismatch', () => {
    const s = ParamStore.create(specs);
    expect(() =>
      s.loadTensors(
        new Map([
          ['w', { shape: [3, 2], data: new Float32Array(6) }],
          ['b', { shape: [3], data: new Float32Array(3) }],
        ]),
        { source: 'ckpt/model.safetensors' },
      ),
    ).toThrow("loading parameters from ckpt/model.safetensors: tensor 'w' has shape [3, 2], expected [2, 3]");
  });

  it('lists missing and unexpected tensors', () => {
    const s = ParamStore.create(specs);
    expect(() => s.loadTensors(new Map([['x', { shape: [1], data: new Float32Array(1) }]]), { source: 'f' })).toThrow(
      'loading parameters from f: missing 2 tensor(s): w, b; unexpected 1 tensor(s): x',
    );
    expect(() => s.view('nope')).toThrow("ParamStore: no parameter named 'nope'");
  });

  it('clone copies, zerosLike and fromFlat share the layout', () => {
    const s = ParamStore.create(specs);
    s.flat.fill(1);
    const c = s.clone();
    c.flat[0] = 2;
    expect(s.flat[0]).toBe(1);
    const g = ParamStore.zerosLike(s);
    expect([g.size, g.offset('b'), g.flat[0]]).toEqual([9, 6, 0]);
    expect(() => ParamStore.fromFlat(specs, new Float32Array(8))).toThrow('ParamStore.fromFlat: buffer has 8 values, the specs need 9');
    expect(() => ParamStore.create([specs[0]!, specs[0]!])).toThrow("ParamStore: duplicate parameter name 'w'");
  });

  it('finds the first non-finite value by tensor and index', () => {
    const store = ParamStore.create([
      { name: 'a', shape: [2], decay: false, init: 'zeros' },
      { name: 'b', shape: [2, 2], decay: true, init: 'zeros' },
    ]);
    expect(store.firstNonFinite()).toBeNull();
    store.view('b')[3] = Number.POSITIVE_INFINITY;
    expect(store.firstNonFinite()).toEqual({ name: 'b', index: 3, value: Infinity });
    store.view('a')[1] = Number.NaN;
    expect(store.firstNonFinite()).toEqual({ name: 'a', index: 1, value: NaN });
    expect(() => store.assertFinite('checkpoint x')).toThrow("checkpoint x: tensor 'a' holds NaN at index 1; non-finite weights cannot train or predict");
  });
});
