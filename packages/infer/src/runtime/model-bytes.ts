// The ONNX bytes a checkpoint runs as: the engine's eval graph with the weights embedded (so ORT can
// constant-fold and pre-pack them), or its int8 form, quantized while the graph is built.
import { buildBertEvalGraph, toOnnxBytes } from '@bertfit/train';
import type { Checkpoint } from '../checkpoint/load-checkpoint.js';

export type Precision = 'fp32' | 'int8';
export const PRECISIONS: readonly Precision[] = ['fp32', 'int8'];

export interface ModelBytes {
  bytes: Uint8Array;
  /** The float parameters stored as int8 (empty for fp32). */
  quantized: string[];
}

export function buildModelBytes(ckpt: Pick<Checkpoint, 'config' | 'params'>, precision: Precision): ModelBytes {
  const { graph, quantized } = buildBertEvalGraph(ckpt.config, { paramsAs: 'initializers', weights: (name) => ckpt.params.view(name), int8: precision === 'int8' });
  return { bytes: toOnnxBytes(graph), quantized };
}

export function modelBytes(ckpt: Pick<Checkpoint, 'config' | 'params'>, precision: Precision): Uint8Array {
  return buildModelBytes(ckpt, precision).bytes;
}
