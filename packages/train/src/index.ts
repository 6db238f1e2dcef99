// E2: tensors on disk, BERT config/params/init/pretrained, parameter store, optimizer and schedules.
export { parseSafetensors, readSafetensors, writeSafetensors, MAX_HEADER_BYTES } from './io/safetensors.js';
export type { SafetensorsFile, SafetensorsTensor, SafetensorsDtype, IgnoredTensor, WriteSafetensorsOptions } from './io/safetensors.js';
export { float32ToFloat16Bits, float16BitsToFloat32, toFloat16Array, fromFloat16Array } from './io/float16.js';
export { writeFileAtomic } from './io/atomic-write.js';
export { parseBertConfig, readBertConfig, toHfConfigJson, withArchitectureOverrides } from './models/bert-config.js';
export type { BertConfig, BertOverrides } from './models/bert-config.js';
export { bertParameterSpecs, countParameters } from './models/bert-params.js';
export type { ParamSpec, ParamInit } from './models/bert-params.js';
export { ParamStore } from './runtime/param-store.js';
export type { TensorLike } from './runtime/param-store.js';
export { AdamW } from './optim/adamw.js';
export type { AdamWOptions, AdamWState } from './optim/adamw.js';
export { globalGradNorm, clipGradNorm, clipCoefficient } from './optim/clip.js';
export { lrMultiplier } from './optim/schedule.js';
export type { SchedulerName, ScheduleOptions } from './optim/schedule.js';
// E1: graph IR, ONNX writer, autodiff, the BERT graphs and the runtime.
export { Graph, op, formatShape } from './graph/index.js';
export type { Attr, ConstData, Node, OutputSpec, Value, DType, Dim, Shape } from './graph/index.js';
export { toOnnxBytes, OPSET, IR_VERSION } from './onnx/model.js';
export { gradients, GRAD_RULE_LIST } from './autodiff/index.js';
export type { GradientRequest, GradRule, GradContext } from './autodiff/index.js';
export { parseDevice, formatDevice } from './runtime/device.js';
export type { Device } from './runtime/device.js';
export { createSession } from './runtime/session.js';
export type { SessionOptions, OptimizationLevel } from './runtime/session.js';
