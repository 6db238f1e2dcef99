/**
 * Element types the IR supports and their byte sizes (ONNX codes: onnx/data-type.ts). int8/uint8
 * only appear in int8 inference graphs (quantized weights and activations).
 * bfloat16 only lives inside graphs (mixed precision casts): onnxruntime-node's JS layer cannot feed
 * or fetch it ("Unsupported data type: 16").
 */
export type DType = 'float32' | 'float64' | 'float16' | 'bfloat16' | 'int64' | 'int32' | 'int8' | 'uint8' | 'bool';

export const DTYPE_BYTES: Readonly<Record<DType, number>> = Object.freeze({
  float32: 4,
  float64: 8,
  float16: 2,
  bfloat16: 2,
  int64: 8,
  int32: 4,
  int8: 1,
  uint8: 1,
  bool: 1,
});

export function isFloat(d: DType): boolean {
  return d === 'float32' || d === 'float64' || d === 'float16' || d === 'bfloat16';
}
