import { BertfitError } from '@bertfit/core';
import type { Attr, Graph, Value } from '../graph.js';
import { formatShape, normAxis } from '../shape.js';
import { expectDType, expectFloat, expectRank, expectSameDType, scalar } from './check.js';

export interface LayerNormResult {
  y: Value;
  /** Mean and 1/sqrt(var+eps) over the normalised axes (shape [...,1]); the gradient reuses them. */
  mean: Value;
  invStdDev: Value;
}

/** LayerNormalization over the last axis with scale and bias of shape [D]. */
export function layerNorm(g: Graph, x: Value, scale: Value, bias: Value, epsilon: number): LayerNormResult {
  expectFloat('LayerNormalization', 'x', x);
  const d = x.shape[x.shape.length - 1]!;
  for (const [arg, v] of [
    ['scale', scale],
    ['bias', bias],
  ] as const) {
    expectSameDType('LayerNormalization', x, v, ['x', arg]);
    if (v.shape.length !== 1 || v.shape[0] !== d) {
      throw new BertfitError(`LayerNormalization: input '${arg}' has shape ${formatShape(v.shape)}, expected [${d}]`);
    }
  }
  // Mean/InvStdDev use the default stash type, float32 (ORT has no double-stash kernel).
  const stat = { dtype: 'float32' as const, shape: [...x.shape.slice(0, -1), 1] };
  const [y, mean, invStdDev] = g.node('LayerNormalization', [x, scale, bias], [{ dtype: x.dtype, shape: x.shape }, stat, stat], {
    axis: { kind: 'int', value: -1 },
    epsilon: { kind: 'float', value: epsilon },
  });
  return { y: y!, mean: mean!, invStdDev: invStdDev! };
}

export function softmax(g: Graph, x: Value, axis = -1): Value {
  expectFloat('Softmax', 'x', x);
  const a = normAxis('Softmax', axis, x.shape.length);
  return g.node('Softmax', [x], [{ dtype: x.dtype, shape: x.shape }], { axis: { kind: 'int', value: a } })[0]!;
}

/** Exact (erf) GELU, opset 20. */
export function gelu(g: Graph, x: Value): Value {
  expectFloat('Gelu', 'x', x);
  return g.node('Gelu', [x], [{ dtype: x.dtype, shape: x.shape }], { approximate: { kind: 'string', value: 'none' } })[0]!;
}

/**
 * ONNX Dropout in training mode (masks drawn by ORT: reproducible per session, not per step; the BERT
 * graph uses fed masks instead, see models/bert-graph.ts).
 */
export function dropout(g: Graph, x: Value, ratio: number, seed?: number): { y: Value; mask: Value } {
  expectFloat('Dropout', 'x', x);
  if (!(ratio >= 0 && ratio < 1)) throw new BertfitError(`Dropout: ratio ${ratio} is not in [0, 1)`);
  const attrs: Record<string, Attr> = seed === undefined ? {} : { seed: { kind: 'int', value: seed } };
  const [y, mask] = g.node(
    'Dropout',
    [x, scalar(g, ratio, x.dtype), scalar(g, 1, 'bool')],
    [
      { dtype: x.dtype, shape: x.shape },
      { dtype: 'bool', shape: x.shape },
    ],
    attrs,
  );
  return { y: y!, mask: mask! };
}

export type LossReduction = 'none' | 'sum' | 'mean';

/**
 * SoftmaxCrossEntropyLoss over scores [N,C] and labels [N] with optional class weights [C]:
 * 'sum' = Σ w[y]·nll, 'mean' = Σ w[y]·nll / Σ w[y] (torch's weighted mean), 'none' = w[y]·nll per row.
 */
export function softmaxCrossEntropy(g: Graph, scores: Value, labels: Value, weights: Value | null, reduction: LossReduction): { loss: Value; logProb: Value } {
  expectFloat('SoftmaxCrossEntropyLoss', 'scores', scores);
  expectRank('SoftmaxCrossEntropyLoss', 'scores', scores, 2);
  expectRank('SoftmaxCrossEntropyLoss', 'labels', labels, 1);
  expectDType('SoftmaxCrossEntropyLoss', 'labels', labels, ['int64', 'int32']);
  if (labels.shape[0] !== scores.shape[0]) {
    throw new BertfitError(`SoftmaxCrossEntropyLoss: input 'labels' has shape ${formatShape(labels.shape)}, expected [${scores.shape[0]}]`);
  }
  if (weights !== null) {
    expectSameDType('SoftmaxCrossEntropyLoss', scores, weights, ['scores', 'weights']);
    if (weights.shape.length !== 1 || weights.shape[0] !== scores.shape[1]) {
      throw new BertfitError(`SoftmaxCrossEntropyLoss: input 'weights' has shape ${formatShape(weights.shape)}, expected [${scores.shape[1]}]`);
    }
  }
  const [loss, logProb] = g.node(
    'SoftmaxCrossEntropyLoss',
    weights === null ? [scores, labels] : [scores, labels, weights],
    [
      { dtype: scores.dtype, shape: reduction === 'none' ? [scores.shape[0]!] : [] },
      { dtype: scores.dtype, shape: scores.shape },
    ],
    { reduction: { kind: 'string', value: reduction } },
  );
  return { loss: loss!, logProb: logProb! };
}
