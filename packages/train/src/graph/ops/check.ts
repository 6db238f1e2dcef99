import { BertfitError } from '@bertfit/core';
import type { DType } from '../dtype.js';
import { isFloat } from '../dtype.js';
import type { Graph, Value } from '../graph.js';
import { formatShape } from '../shape.js';

/** Up-front input checks shared by the ops, so that errors name the op and the argument. */
export function expectRank(op: string, arg: string, v: Value, rank: number | readonly number[]): void {
  const ok = typeof rank === 'number' ? v.shape.length === rank : rank.includes(v.shape.length);
  if (!ok) {
    throw new BertfitError(`${op}: input '${arg}' has shape ${formatShape(v.shape)}, expected rank ${Array.isArray(rank) ? rank.join(' or ') : rank}`);
  }
}

export function expectDType(op: string, arg: string, v: Value, dtypes: readonly DType[]): void {
  if (!dtypes.includes(v.dtype)) {
    throw new BertfitError(`${op}: input '${arg}' has dtype ${v.dtype}, expected ${dtypes.join(' or ')}`);
  }
}

export function expectFloat(op: string, arg: string, v: Value): void {
  if (!isFloat(v.dtype)) throw new BertfitError(`${op}: input '${arg}' has dtype ${v.dtype}, expected a float type`);
}

export function expectSameDType(op: string, a: Value, b: Value, names: [string, string] = ['a', 'b']): void {
  if (a.dtype !== b.dtype) {
    throw new BertfitError(`${op}: input '${names[1]}' has dtype ${b.dtype}, expected ${a.dtype} like '${names[0]}'`);
  }
}

/** A constant scalar of the given float/int dtype (cached by the graph). */
export function scalar(g: Graph, value: number, dtype: DType = 'float32'): Value {
  switch (dtype) {
    case 'float32':
      return g.constant(dtype, [], Float32Array.of(value));
    case 'float64':
      return g.constant(dtype, [], Float64Array.of(value));
    case 'int64':
      return g.constant(dtype, [], BigInt64Array.of(BigInt(value)));
    case 'int32':
      return g.constant(dtype, [], Int32Array.of(value));
    case 'int8':
      return g.constant(dtype, [], Int8Array.of(value));
    case 'uint8':
      return g.constant(dtype, [], Uint8Array.of(value));
    case 'bool':
      return g.constant(dtype, [], Uint8Array.of(value ? 1 : 0));
    case 'float16':
    case 'bfloat16':
      throw new BertfitError(`scalar: ${dtype} constants are not supported (value ${value})`);
  }
}

/** A constant int64 vector (axes, shapes, pads). */
export function ints(g: Graph, values: readonly number[]): Value {
  return g.constant(
    'int64',
    [values.length],
    BigInt64Array.from(values, (x) => BigInt(x)),
  );
}

/** The values of a constant int64 vector, or null when `v` is not a constant. */
export function constInts(g: Graph, v: Value | null): number[] | null {
  if (v === null) return null;
  const d = g.constantData(v);
  return d instanceof BigInt64Array ? Array.from(d, Number) : null;
}
