// The ONNX bytes a checkpoint runs as: the engine's eval graph with the weights embedded (so ORT can
// constant-fold and pre-pack them), optionally with int8 MatMul weights.
import { buildBertEvalGraph, toOnnxBytes } from '@bertfit/train';
import type { Checkpoint } from '../checkpoint/load-checkpoint.js';
import { quantizeMatMulWeights } from '../onnx/quantize.js';

export type Precision = 'fp32' | 'int8';
export const PRECISIONS: readonly Precision[] = ['fp32', 'int8'];

export function modelBytes(ckpt: Pick<Checkpoint, 'config' | 'params' | 'dir'>, precision: Precision): Uint8Array {
  const { graph } = buildBertEvalGraph(ckpt.config, { paramsAs: 'initializers', weights: (name) => ckpt.params.view(name) });
  const fp32 = toOnnxBytes(graph);
  return precision === 'fp32' ? fp32 : quantizeMatMulWeights(fp32, ckpt.dir).bytes;
}
