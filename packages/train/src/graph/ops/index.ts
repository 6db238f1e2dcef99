// The op builders, one function per ONNX op, each checking its inputs up front.
export { add, sub, mul, div, min, neg, sqrt, exp, erf, tanh, identity, where, cast, equal } from './math.js';
export { matmul, gemm } from './matmul.js';
export type { GemmOptions } from './matmul.js';
export { dynamicQuantizeLinear, matMulInteger } from './quantize.js';
export type { DynamicQuantized } from './quantize.js';
export { reshape, transpose, unsqueeze, squeeze, slice, gather, scatterAddRows, scatterElements, pad, shapeOf, size, constantOfShape, expand, concat, oneHot } from './tensor.js';
export { reduceSum, reduceMean, reduceSumSquare } from './reduce.js';
export { layerNorm, softmax, gelu, dropout, softmaxCrossEntropy } from './nn.js';
export type { LayerNormResult, LossReduction } from './nn.js';
export { scalar, ints, constInts } from './check.js';
export { loop } from './control.js';
export type { LoopResult } from './control.js';
