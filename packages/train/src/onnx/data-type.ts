// The one table of ONNX TensorProto.DataType codes (onnx.proto, enum DataType) for the element types
// the IR supports: Cast's `to`, value infos, initializers and tensor attributes all read it.
import type { DType } from '../graph/dtype.js';

export const ONNX_DATA_TYPE: Readonly<Record<DType, number>> = Object.freeze({
  float32: 1,
  uint8: 2,
  int8: 3,
  int32: 6,
  int64: 7,
  bool: 9,
  float16: 10,
  float64: 11,
  bfloat16: 16,
});
