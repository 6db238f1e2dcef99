// Symmetric int8 weight quantization for the int8 eval graph (models/int8-layers.ts): linear weights
// per output column, the word-embedding table per row. Zero points are 0, so q = round(w / scale).
import { BertfitError } from '@bertfit/core';

/**
 * Largest linear-weight magnitude after quantization: 7 bits, not 8. On x86 without VNNI (AVX2
 * only, like this machine) onnxruntime's u8×s8 kernel sums pairs of products in int16, and
 * full-range weights (255·127·2 > 32767) saturate: measured max error 1.3 on a 16×8 MatMul, vs 0.02
 * with 7 bits.
 */
export const LINEAR_QMAX = 63;
/** Embedding rows are only dequantized (Cast, Mul), never multiplied in integers: the full range is safe. */
export const EMBEDDING_QMAX = 127;

export interface QuantizedMatrix {
  q: Int8Array;
  scale: Float32Array;
}

function scaleOf(maxAbs: number, qmax: number): number {
  return maxAbs > 0 ? maxAbs / qmax : 1;
}

/**
 * A torch-layout linear weight W [out, in] as MatMulInteger's B [in, out] (int8, row-major) with one
 * scale per output column: scale_j = max|W[j,:]| / 63.
 */
export function quantizeLinearWeight(name: string, w: Float32Array, out: number, inFeatures: number): QuantizedMatrix {
  if (w.length !== out * inFeatures) throw new BertfitError(`quantizing '${name}': ${w.length} values, expected [${out},${inFeatures}] = ${out * inFeatures}`);
  const scale = new Float32Array(out);
  for (let j = 0; j < out; j++) {
    let m = 0;
    for (let i = 0; i < inFeatures; i++) {
      const v = w[j * inFeatures + i]!;
      if (!Number.isFinite(v)) throw new BertfitError(`quantizing '${name}': row ${j} column ${i} holds a non-finite value (${v})`);
      m = Math.max(m, Math.abs(v));
    }
    scale[j] = scaleOf(m, LINEAR_QMAX);
  }
  const q = new Int8Array(inFeatures * out);
  for (let j = 0; j < out; j++) {
    const s = scale[j]!;
    for (let i = 0; i < inFeatures; i++) q[i * out + j] = Math.max(-LINEAR_QMAX, Math.min(LINEAR_QMAX, Math.round(w[j * inFeatures + i]! / s)));
  }
  return { q, scale };
}

/** An embedding table [rows, cols] as int8 with one scale per row: scale_r = max|T[r,:]| / 127. */
export function quantizeEmbeddingRows(name: string, t: Float32Array, rows: number, cols: number): QuantizedMatrix {
  if (t.length !== rows * cols) throw new BertfitError(`quantizing '${name}': ${t.length} values, expected [${rows},${cols}] = ${rows * cols}`);
  const scale = new Float32Array(rows);
  const q = new Int8Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    const row = t.subarray(r * cols, (r + 1) * cols);
    let m = 0;
    for (let c = 0; c < cols; c++) {
      if (!Number.isFinite(row[c]!)) throw new BertfitError(`quantizing '${name}': row ${r} column ${c} holds a non-finite value (${row[c]})`);
      m = Math.max(m, Math.abs(row[c]!));
    }
    scale[r] = scaleOf(m, EMBEDDING_QMAX);
    for (let c = 0; c < cols; c++) q[r * cols + c] = Math.max(-EMBEDDING_QMAX, Math.min(EMBEDDING_QMAX, Math.round(row[c]! / scale[r]!)));
  }
  return { q, scale };
}
