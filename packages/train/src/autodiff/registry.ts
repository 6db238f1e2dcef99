import { addGrad } from './grads/Add_grad.js';
import { castGrad } from './grads/Cast_grad.js';
import { divGrad } from './grads/Div_grad.js';
import { dropoutGrad } from './grads/Dropout_grad.js';
import { gatherGrad } from './grads/Gather_grad.js';
import { geluGrad } from './grads/Gelu_grad.js';
import { gemmGrad } from './grads/Gemm_grad.js';
import { identityGrad } from './grads/Identity_grad.js';
import { layerNormGrad } from './grads/LayerNormalization_grad.js';
import { matMulGrad } from './grads/MatMul_grad.js';
import { mulGrad } from './grads/Mul_grad.js';
import { negGrad } from './grads/Neg_grad.js';
import { reduceMeanGrad } from './grads/ReduceMean_grad.js';
import { reduceSumGrad } from './grads/ReduceSum_grad.js';
import { reshapeGrad, squeezeGrad, unsqueezeGrad } from './grads/Reshape_grad.js';
import { sliceGrad } from './grads/Slice_grad.js';
import { softmaxGrad } from './grads/Softmax_grad.js';
import { softmaxCrossEntropyGrad } from './grads/SoftmaxCrossEntropyLoss_grad.js';
import { subGrad } from './grads/Sub_grad.js';
import { tanhGrad } from './grads/Tanh_grad.js';
import { transposeGrad } from './grads/Transpose_grad.js';
import { whereGrad } from './grads/Where_grad.js';
import type { GradRule } from './rule.js';

/** Every gradient rule, in one explicit list (each has a differential test in autodiff/grads.test.ts). */
export const GRAD_RULE_LIST: readonly GradRule[] = [
  addGrad,
  subGrad,
  mulGrad,
  divGrad,
  negGrad,
  identityGrad,
  matMulGrad,
  gemmGrad,
  gatherGrad,
  layerNormGrad,
  softmaxGrad,
  geluGrad,
  tanhGrad,
  dropoutGrad,
  softmaxCrossEntropyGrad,
  reshapeGrad,
  squeezeGrad,
  unsqueezeGrad,
  transposeGrad,
  sliceGrad,
  whereGrad,
  castGrad,
  reduceSumGrad,
  reduceMeanGrad,
];

export const GRAD_RULES: ReadonlyMap<string, GradRule> = new Map(GRAD_RULE_LIST.map((r) => [r.opType, r]));

/**
 * Ops with no gradient by design: int8 inference (graph/ops/quantize.ts) is never trained through.
 * `gradients()` names them as such instead of reporting a missing rule.
 */
export const NO_GRADIENT_OPS: ReadonlySet<string> = new Set(['DynamicQuantizeLinear', 'MatMulInteger']);
