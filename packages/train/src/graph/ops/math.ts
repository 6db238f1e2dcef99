import type { Graph, Value } from '../graph.js';
import { broadcastShapes } from '../shape.js';
import { expectDType, expectFloat, expectSameDType } from './check.js';
import type { DType } from '../dtype.js';
import { ONNX_DATA_TYPE } from '../../onnx/data-type.js';

function binary(g: Graph, op: string, a: Value, b: Value): Value {
  expectSameDType(op, a, b);
  return g.node(op, [a, b], [{ dtype: a.dtype, shape: broadcastShapes(op, a.shape, b.shape) }])[0]!;
}

export const add = (g: Graph, a: Value, b: Value): Value => binary(g, 'Add', a, b);
export const sub = (g: Graph, a: Value, b: Value): Value => binary(g, 'Sub', a, b);
export const mul = (g: Graph, a: Value, b: Value): Value => binary(g, 'Mul', a, b);
export const div = (g: Graph, a: Value, b: Value): Value => binary(g, 'Div', a, b);
/** Elementwise minimum of two tensors (broadcasting). */
export const min = (g: Graph, a: Value, b: Value): Value => binary(g, 'Min', a, b);

function unary(g: Graph, op: string, x: Value): Value {
  expectFloat(op, 'x', x);
  return g.node(op, [x], [{ dtype: x.dtype, shape: x.shape }])[0]!;
}

export const neg = (g: Graph, x: Value): Value => unary(g, 'Neg', x);
export const sqrt = (g: Graph, x: Value): Value => unary(g, 'Sqrt', x);
export const exp = (g: Graph, x: Value): Value => unary(g, 'Exp', x);
export const erf = (g: Graph, x: Value): Value => unary(g, 'Erf', x);
export const tanh = (g: Graph, x: Value): Value => unary(g, 'Tanh', x);
export const identity = (g: Graph, x: Value): Value => g.node('Identity', [x], [{ dtype: x.dtype, shape: x.shape }])[0]!;

/** Where(cond, a, b): a where cond is true, else b (broadcasting all three). */
export function where(g: Graph, cond: Value, a: Value, b: Value): Value {
  expectDType('Where', 'cond', cond, ['bool']);
  expectSameDType('Where', a, b);
  const shape = broadcastShapes('Where', broadcastShapes('Where', cond.shape, a.shape), b.shape);
  return g.node('Where', [cond, a, b], [{ dtype: a.dtype, shape }])[0]!;
}

export function cast(g: Graph, x: Value, to: DType): Value {
  return g.node('Cast', [x], [{ dtype: to, shape: x.shape }], { to: { kind: 'int', value: ONNX_DATA_TYPE[to] } })[0]!;
}

export function equal(g: Graph, a: Value, b: Value): Value {
  expectSameDType('Equal', a, b);
  return g.node('Equal', [a, b], [{ dtype: 'bool', shape: broadcastShapes('Equal', a.shape, b.shape) }])[0]!;
}
