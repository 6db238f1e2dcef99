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
