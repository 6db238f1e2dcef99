/**
 * Element types the IR supports, with their ONNX TensorProto.DataType codes and byte sizes.
 * bfloat16 only lives inside graphs (mixed precision casts): onnxruntime-node's JS layer cannot feed
 * or fetch it ("Unsupported data type: 16").
 */
export type DType = 'float32' | 'float64' | 'float16' | 'bfloat16' | 'int64' | 'int32' | 'bool';

export const ONNX_DTYPE: Readonly<Record<DType, number>> = Object.freeze({
  float32: 1, bool: 9, int32: 6, int64: 7, float16: 10, float64: 11, bfloat16: 16,
});

export const DTYPE_BYTES: Readonly<Record<DType, number>> = Object.freeze({
  float32: 4, float64: 8, float16: 2, bfloat16: 2, int64: 8, int32: 4, bool: 1,
});

export function isFloat(d: DType): boolean {
  return d === 'float32' || d === 'float64' || d === 'float16' || d === 'bfloat16';
}
