// Mixed precision as torch.autocast does it, for the ops BERT uses. autocast(fp16/bf16) runs
// linear/matmul/bmm in the low-precision type and keeps softmax, layer_norm, cross_entropy, exp, log
// and pow in float32; the ops it lists in neither (add, mul, GELU, tanh, dropout) run in the type of
// their inputs. Here every matrix product casts its inputs down and its result straight back to
// float32, so everything else runs in float32: the same roundings where overflow and underflow
// happen (the products' inputs and outputs), a little more precision in the elementwise ops, and one
// rule in one place instead of a dtype threaded through every op. Parameters stay float32 graph
// inputs (the master weights); the backward's products run in the low type too, through Cast's rule.
import { BertfitError } from '@bertfit/core';
import type { DType } from '../graph/dtype.js';
import type { Graph, Value } from '../graph/graph.js';
import * as op from '../graph/ops/index.js';

/** `train.precision`: float32 throughout, or float16/bfloat16 matrix products with float32 master weights. */
export type Precision = 'fp32' | 'fp16' | 'bf16';

export const PRECISIONS: readonly Precision[] = ['fp32', 'fp16', 'bf16'];

/** The type matrix products run in. */
export const COMPUTE_DTYPE: Readonly<Record<Precision, DType>> = Object.freeze({ fp32: 'float32', fp16: 'float16', bf16: 'bfloat16' });

/** The matrix products of a model graph, built for one precision. */
export interface Autocast {
  readonly precision: Precision;
  /** Numpy matmul (attention scores and context). */
  matmul(a: Value, b: Value): Value;
  /** x·Wᵀ + b with W [out, in] as HF stores it: one Gemm. */
  linear(x: Value, weight: Value, bias: Value): Value;
}

export function autocast(g: Graph, precision: Precision): Autocast {
  if (!PRECISIONS.includes(precision)) throw new BertfitError(`autocast: precision ${JSON.stringify(precision)} is not one of ${PRECISIONS.join(', ')}`);
  if (precision === 'fp32') {
    return { precision, matmul: (a, b) => op.matmul(g, a, b), linear: (x, w, b) => op.gemm(g, x, w, b, { transB: true }) };
  }
  const low = COMPUTE_DTYPE[precision];
  // One Cast per use, never cached: torch casts activations per op too, and each Cast's gradient then
  // returns to float32 before contributions of a shared input are summed.
  const down = (v: Value): Value => op.cast(g, v, low);
  const up = (v: Value): Value => op.cast(g, v, 'float32');
  return {
    precision,
    matmul: (a, b) => up(op.matmul(g, down(a), down(b))),
    linear: (x, w, b) => up(op.gemm(g, down(x), down(w), down(b), { transB: true })),
  };
}
