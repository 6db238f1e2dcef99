// What each device can run of `train.precision`, decided once when a runtime is created.
import { BertfitError } from '@bertfit/core';
import type { Precision } from '../models/autocast.js';
import type { Device } from './device.js';
import { formatDevice } from './device.js';

/**
 * Refuses a precision the device cannot run and returns a line for the start-up log (null when there
 * is nothing to say). onnxruntime's CPU provider has no bfloat16 MatMul/Gemm kernels (only
 * LayerNormalization), so bf16 needs a cuda device. Its float16 ops run through casts it inserts to
 * float32 and back: the fp16 roundings, overflows and loss scaling of a GPU run, not its speed.
 */
export function checkPrecision(precision: Precision, device: Device): string | null {
  if (device.kind !== 'cpu') return null;
  if (precision === 'bf16') {
    throw new BertfitError(
      `train.precision "bf16" cannot run on device ${formatDevice(device)}: onnxruntime's CPU provider has no bfloat16 MatMul/Gemm; use "fp32" or "fp16" there, or a cuda device`,
    );
  }
  if (precision === 'fp16') {
    return `train.precision "fp16" on ${formatDevice(device)}: onnxruntime runs the float16 products through casts to float32 and back, so the roundings and loss scaling are fp16's but it is not faster than fp32 (use it for checking)`;
  }
  return null;
}
