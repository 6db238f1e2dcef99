// The int8 forms of BERT's linear layers and word embeddings, built straight into the eval graph.
// linear: DynamicQuantizeLinear(x) → MatMulInteger(xq, Wq, x_zp, W_zp) → Cast float → Mul(x_scale·W_scale)
// → Add bias, the node pattern onnxruntime's quantize_dynamic emits and its optimizer fuses into
// DynamicQuantizeMatMul (CPU). Word embeddings: int8 rows with per-row scales, Gather both, Cast, Mul.
// Initializers are named `<param>_quantized` / `<param>_scale`, as quantize_dynamic names them.
import type { Graph, Value } from '../graph/graph.js';
import * as op from '../graph/ops/index.js';
import type { DynamicQuantized } from '../graph/ops/index.js';
import { quantizeEmbeddingRows, quantizeLinearWeight } from './quantize-weights.js';

export interface Int8Layers {
  /** x [rows, in] · Wᵀ + b for the float weight `${prefix}.weight` [out, in] and bias `${prefix}.bias`. */
  linear(x: Value, prefix: string, bias: Value): Value;
  /** The rows of the [vocab, H] embedding table `name` for int64 `ids`, dequantized to float32. */
  embedding(name: string, ids: Value): Value;
  /** Names of the float parameters stored as int8, in build order. */
  readonly quantized: string[];
}

/** `weights(name)` gives a parameter's float data; `shapeOf(name)` its [rows, cols]. */
export function int8Layers(g: Graph, weights: (name: string) => Float32Array, shapeOf: (name: string) => readonly [number, number]): Int8Layers {
  const quantized: string[] = [];
  const zero = op.scalar(g, 0, 'int8');
  // One DynamicQuantizeLinear per activation: query, key and value read the same hidden states.
  const activations = new Map<Value, DynamicQuantized>();
  const quantize = (x: Value): DynamicQuantized => {
    const seen = activations.get(x);
    if (seen !== undefined) return seen;
    const q = op.dynamicQuantizeLinear(g, x);
    activations.set(x, q);
    return q;
  };
  return {
    quantized,
    linear(x, prefix, bias) {
      const name = `${prefix}.weight`;
      const [out, inFeatures] = shapeOf(name);
      const w = quantizeLinearWeight(name, weights(name), out, inFeatures);
      quantized.push(name);
      const wq = g.initializer(`${name}_quantized`, 'int8', [inFeatures, out], w.q);
      const wScale = g.initializer(`${name}_scale`, 'float32', [out], w.scale);
      const xq = quantize(x);
      const scale = op.mul(g, xq.scale, wScale);
      const product = op.cast(g, op.matMulInteger(g, xq.y, wq, xq.zeroPoint, zero), 'float32');
      return op.add(g, op.mul(g, product, scale), bias);
    },
    embedding(name, ids) {
      const [rows, cols] = shapeOf(name);
      const t = quantizeEmbeddingRows(name, weights(name), rows, cols);
      quantized.push(name);
      const table = g.initializer(`${name}_quantized`, 'int8', [rows, cols], t.q);
      // Scales as [rows, 1], so the gathered [batch, seq, 1] broadcasts over each row.
      const scales = g.initializer(`${name}_scale`, 'float32', [rows, 1], t.scale);
      return op.mul(g, op.cast(g, op.gather(g, table, ids), 'float32'), op.gather(g, scales, ids));
    },
  };
}
