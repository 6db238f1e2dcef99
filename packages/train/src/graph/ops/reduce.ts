import type { Graph, Value } from '../graph.js';
import { normAxis } from '../shape.js';
import { ints } from './check.js';

function reduce(g: Graph, op: string, x: Value, axes: readonly number[], keepdims: boolean): Value {
  const norm = axes.map((a) => normAxis(op, a, x.shape.length));
  const shape = keepdims ? x.shape.map((d, i) => (norm.includes(i) ? 1 : d)) : x.shape.filter((_, i) => !norm.includes(i));
  return g.node(op, [x, ints(g, norm)], [{ dtype: x.dtype, shape }], { keepdims: { kind: 'int', value: keepdims ? 1 : 0 } })[0]!;
}

/** Axes are always a constant input (opset 18+); an empty list is not allowed (it would mean "all" or "none"). */
export const reduceSum = (g: Graph, x: Value, axes: readonly number[], keepdims = false): Value => reduce(g, 'ReduceSum', x, axes, keepdims);
export const reduceMean = (g: Graph, x: Value, axes: readonly number[], keepdims = false): Value => reduce(g, 'ReduceMean', x, axes, keepdims);
export const reduceSumSquare = (g: Graph, x: Value, axes: readonly number[], keepdims = false): Value => reduce(g, 'ReduceSumSquare', x, axes, keepdims);
