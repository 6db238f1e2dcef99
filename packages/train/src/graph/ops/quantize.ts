// The integer ops of dynamic int8 inference (inference only: the autodiff registry lists them as
// having no gradient). Activations are quantized at run time to uint8 with their own scale and zero
// point; weights are int8 constants with per-column scales (models/quantize-weights.ts).
import { BertfitError } from '@bertfit/core';
import type { DType } from '../dtype.js';
import type { Graph, Value } from '../graph.js';
import { formatShape } from '../shape.js';
import { expectDType, expectRank } from './check.js';

export interface DynamicQuantized {
  /** uint8, the shape of x. */
  y: Value;
  /** float32 scalar: x ≈ (y − zeroPoint)·scale. */
  scale: Value;
  /** uint8 scalar. */
  zeroPoint: Value;
}

/** DynamicQuantizeLinear: float32 x → uint8 with a scale and zero point computed from x's range at run time. */
export function dynamicQuantizeLinear(g: Graph, x: Value): DynamicQuantized {
  expectDType('DynamicQuantizeLinear', 'x', x, ['float32']);
  const [y, scale, zeroPoint] = g.node(
    'DynamicQuantizeLinear',
    [x],
    [
      { dtype: 'uint8', shape: x.shape },
      { dtype: 'float32', shape: [] },
      { dtype: 'uint8', shape: [] },
    ],
  );
  return { y: y!, scale: scale!, zeroPoint: zeroPoint! };
}

const INT8_TYPES: readonly DType[] = ['uint8', 'int8'];

/**
 * MatMulInteger: (a − aZeroPoint)·(b − bZeroPoint) accumulated in int32, a [M,K] × b [K,N] → [M,N].
 * Zero points are scalars, or bZeroPoint per column [N].
 */
export function matMulInteger(g: Graph, a: Value, b: Value, aZeroPoint: Value, bZeroPoint: Value): Value {
  expectDType('MatMulInteger', 'a', a, INT8_TYPES);
  expectDType('MatMulInteger', 'b', b, INT8_TYPES);
  expectRank('MatMulInteger', 'a', a, 2);
  expectRank('MatMulInteger', 'b', b, 2);
  const k = a.shape[1]!;
  const n = b.shape[1]!;
  if (b.shape[0] !== k) throw new BertfitError(`MatMulInteger: input 'b' has shape ${formatShape(b.shape)}, expected [${k},*]`);
  for (const [arg, zp, of, allowed] of [
    ['a_zero_point', aZeroPoint, a, [[]]],
    ['b_zero_point', bZeroPoint, b, [[], [n]]],
  ] as const) {
    if (zp.dtype !== of.dtype) throw new BertfitError(`MatMulInteger: input '${arg}' has dtype ${zp.dtype}, expected ${of.dtype}`);
    if (!allowed.some((s) => formatShape(s) === formatShape(zp.shape))) {
      throw new BertfitError(`MatMulInteger: input '${arg}' has shape ${formatShape(zp.shape)}, expected ${allowed.map((s) => formatShape(s)).join(' or ')}`);
    }
  }
  return g.node('MatMulInteger', [a, b, aZeroPoint, bZeroPoint], [{ dtype: 'int32', shape: [a.shape[0]!, n] }])[0]!;
}
