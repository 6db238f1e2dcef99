import { BertfitError } from '@bertfit/core';
import type { Graph, Value } from '../graph.js';
import type { Dim, Shape } from '../shape.js';
import { ONNX_DATA_TYPE } from '../../onnx/data-type.js';
import { formatShape, normAxis } from '../shape.js';
import { constInts, expectDType, expectRank, expectSameDType, ints } from './check.js';

/** Infers a Reshape target's dims (0 copies, -1 infers; symbolic products become 'a*b' names). */
function reshapeDims(x: Value, target: readonly number[]): Dim[] {
  const out: Dim[] = target.map((t, i) => (t === 0 ? x.shape[i]! : t));
  const infer = out.indexOf(-1);
  if (infer < 0) return out;
  let num = 1;
  const sym: string[] = [];
  for (const d of x.shape) {
    if (typeof d === 'number') num *= d;
    else sym.push(d);
  }
  let known = 1;
  for (const [i, d] of out.entries()) {
    if (i === infer) continue;
    if (typeof d === 'number') known *= d;
    else if (sym.includes(d)) sym.splice(sym.indexOf(d), 1);
    else return out.map((v, j) => (j === infer ? '?' : v));
  }
  if (num % known !== 0) throw new BertfitError(`Reshape: input 'x' ${formatShape(x.shape)} cannot be reshaped to [${target.join(',')}]`);
  const rest = num / known;
  out[infer] = sym.length === 0 ? rest : [...(rest === 1 ? [] : [String(rest)]), ...sym].join('*');
  return out;
}

/** Reshape to a constant target (with 0/-1), or to a computed int64 shape value with a declared result shape. */
export function reshape(g: Graph, x: Value, target: readonly number[] | Value, outShape?: Shape): Value {
  if (Array.isArray(target)) {
    const shape = outShape ?? reshapeDims(x, target as number[]);
    return g.node('Reshape', [x, ints(g, target as number[])], [{ dtype: x.dtype, shape }])[0]!;
  }
  if (outShape === undefined) throw new BertfitError(`Reshape: a computed target shape needs the result shape declared`);
  expectDType('Reshape', 'shape', target as Value, ['int64']);
  return g.node('Reshape', [x, target as Value], [{ dtype: x.dtype, shape: outShape }])[0]!;
}

export function transpose(g: Graph, x: Value, perm: readonly number[]): Value {
  if (perm.length !== x.shape.length || [...perm].sort().some((p, i) => p !== i)) {
    throw new BertfitError(`Transpose: perm [${perm.join(',')}] is not a permutation of the axes of 'x' ${formatShape(x.shape)}`);
  }
  const shape = perm.map((p) => x.shape[p]!);
  return g.node('Transpose', [x], [{ dtype: x.dtype, shape }], { perm: { kind: 'ints', value: perm } })[0]!;
}

export function unsqueeze(g: Graph, x: Value, axes: readonly number[]): Value {
  const rank = x.shape.length + axes.length;
  const norm = axes.map((a) => normAxis('Unsqueeze', a, rank)).sort((a, b) => a - b);
  const shape: Dim[] = [...x.shape];
  for (const a of norm) shape.splice(a, 0, 1);
  return g.node('Unsqueeze', [x, ints(g, norm)], [{ dtype: x.dtype, shape }])[0]!;
}

export function squeeze(g: Graph, x: Value, axes: readonly number[]): Value {
  const norm = axes.map((a) => normAxis('Squeeze', a, x.shape.length));
  for (const a of norm) {
    if (x.shape[a] !== 1) throw new BertfitError(`Squeeze: input 'x' has shape ${formatShape(x.shape)}, axis ${a} is not 1`);
  }
  const shape = x.shape.filter((_, i) => !norm.includes(i));
  return g.node('Squeeze', [x, ints(g, norm)], [{ dtype: x.dtype, shape }])[0]!;
}

/**
 * Slice along `axes` (step 1) with constant or computed starts/ends. With constants and static dims
 * the result shape is inferred; otherwise pass it.
 */
export function slice(g: Graph, x: Value, starts: readonly number[] | Value, ends: readonly number[] | Value, axes: readonly number[], outShape?: Shape): Value {
  const norm = axes.map((a) => normAxis('Slice', a, x.shape.length));
  const s = Array.isArray(starts) ? ints(g, starts as number[]) : (starts as Value);
  const e = Array.isArray(ends) ? ints(g, ends as number[]) : (ends as Value);
  let shape = outShape;
  if (shape === undefined) {
    const sv = constInts(g, s);
    const ev = constInts(g, e);
    if (sv === null || ev === null) throw new BertfitError(`Slice: computed starts/ends need the result shape declared`);
    const out: Dim[] = [...x.shape];
    norm.forEach((a, i) => {
      const dim = x.shape[a]!;
      const clampEnd = typeof dim === 'number' ? Math.min(ev[i]!, dim) : ev[i]!;
      if (sv[i]! < 0 || ev[i]! < 0) throw new BertfitError(`Slice: negative starts/ends are not supported (axis ${a})`);
      out[a] = Math.max(0, clampEnd - sv[i]!);
    });
    shape = out;
  }
  return g.node('Slice', [x, s, e, ints(g, norm)], [{ dtype: x.dtype, shape }])[0]!;
}

/** Gather rows: data[..., indices, ...] along `axis`. */
export function gather(g: Graph, data: Value, indices: Value, axis = 0): Value {
  expectDType('Gather', 'indices', indices, ['int64', 'int32']);
  const a = normAxis('Gather', axis, data.shape.length);
  const shape = [...data.shape.slice(0, a), ...indices.shape, ...data.shape.slice(a + 1)];
  return g.node('Gather', [data, indices], [{ dtype: data.dtype, shape }], { axis: { kind: 'int', value: a } })[0]!;
}

/**
 * out = data, then out[indices[i], ...] += updates[i, ...] for every row i (an embedding's gradient).
 * ScatterElements (axis 0, reduction "add") with the row index repeated over each row, not ScatterND:
 * onnxruntime's CPU ScatterND splits the rows across intra-op threads and adds into shared rows
 * without synchronisation, so repeated indices gave a different (even lossy) sum per run at 2 threads.
 * ScatterElements gives each output element to one thread, which adds its updates in row order.
 */
export function scatterAddRows(g: Graph, data: Value, indices: Value, updates: Value): Value {
  expectDType('ScatterElements', 'indices', indices, ['int64']);
  expectRank('ScatterElements', 'indices', indices, 1);
  expectSameDType('ScatterElements', data, updates, ['data', 'updates']);
  expectRank('ScatterElements', 'updates', updates, data.shape.length);
  const trailing = updates.shape.slice(1).map((_, i) => i + 1);
  const perElement = trailing.length === 0 ? indices : expand(g, unsqueeze(g, indices, trailing), shapeOf(g, updates), updates.shape);
  return g.node('ScatterElements', [data, perElement, updates], [{ dtype: data.dtype, shape: data.shape }], {
    axis: { kind: 'int', value: 0 },
    reduction: { kind: 'string', value: 'add' },
  })[0]!;
}

/** Zero padding with a computed int64 pads vector [begin..., end...]; the result shape is declared. */
export function pad(g: Graph, x: Value, pads: Value, outShape: Shape): Value {
  expectDType('Pad', 'pads', pads, ['int64']);
  return g.node('Pad', [x, pads], [{ dtype: x.dtype, shape: outShape }])[0]!;
}

export function shapeOf(g: Graph, x: Value, start?: number, end?: number): Value {
  const rank = x.shape.length;
  const s = start === undefined ? 0 : start < 0 ? start + rank : start;
  const e = end === undefined ? rank : end < 0 ? end + rank : end;
  const attrs = { ...(start === undefined ? {} : { start: { kind: 'int', value: s } as const }), ...(end === undefined ? {} : { end: { kind: 'int', value: e } as const }) };
  return g.node('Shape', [x], [{ dtype: 'int64', shape: [e - s] }], attrs)[0]!;
}

export function size(g: Graph, x: Value): Value {
  return g.node('Size', [x], [{ dtype: 'int64', shape: [] }])[0]!;
}

/** A tensor of the computed shape filled with `value` (float32 zeros by default). */
export function constantOfShape(g: Graph, shape: Value, outShape: Shape, dtype: 'float32' | 'float64' = 'float32', value = 0): Value {
  const bytes = new Uint8Array((dtype === 'float32' ? Float32Array.of(value) : Float64Array.of(value)).buffer);
  return g.node('ConstantOfShape', [shape], [{ dtype, shape: outShape }], { value: { kind: 'tensor', dtype: ONNX_DATA_TYPE[dtype], bytes } })[0]!;
}

export function expand(g: Graph, x: Value, shape: Value, outShape: Shape): Value {
  return g.node('Expand', [x, shape], [{ dtype: x.dtype, shape: outShape }])[0]!;
}

export function concat(g: Graph, xs: readonly Value[], axis: number): Value {
  const first = xs[0];
  if (first === undefined) throw new BertfitError('Concat: no inputs');
  const a = normAxis('Concat', axis, first.shape.length);
  let total: Dim = 0;
  for (const [i, x] of xs.entries()) {
    expectRank('Concat', `inputs[${i}]`, x, first.shape.length);
    const d = x.shape[a]!;
    total = typeof total === 'number' && typeof d === 'number' ? total + d : '?';
  }
  const shape = first.shape.map((d, i) => (i === a ? total : d));
  return g.node('Concat', xs, [{ dtype: first.dtype, shape }], { axis: { kind: 'int', value: a } })[0]!;
}

/** OneHot(indices, depth) as float 0/1 along a new last axis. */
export function oneHot(g: Graph, indices: Value, depth: Value, depthDim: Dim, dtype: 'float32' | 'float64'): Value {
  const values = dtype === 'float32' ? g.constant(dtype, [2], Float32Array.of(0, 1)) : g.constant(dtype, [2], Float64Array.of(0, 1));
  return g.node('OneHot', [indices, depth, values], [{ dtype, shape: [...indices.shape, depthDim] }], { axis: { kind: 'int', value: -1 } })[0]!;
}

/** ScatterElements without reduction (unique indices only: duplicates would keep the last write). */
export function scatterElements(g: Graph, data: Value, indices: Value, updates: Value, axis = 0): Value {
  expectDType('ScatterElements', 'indices', indices, ['int64', 'int32']);
  return g.node('ScatterElements', [data, indices, updates], [{ dtype: data.dtype, shape: data.shape }], { axis: { kind: 'int', value: axis } })[0]!;
}
