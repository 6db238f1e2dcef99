import { BertfitError } from '@bertfit/core';
import * as op from '../../graph/ops/index.js';
import type { GradRule } from '../rule.js';
import { dy0, input, output } from '../rule.js';

/**
 * With row weights r_i = w[y_i] (1 without weights): d scores_i = (softmax_i − onehot(y_i))·r_i·s_i,
 * s_i = dLoss ('sum'), dLoss/Σr ('mean'), dLoss_i ('none'). softmax = exp(log_prob output).
 */
export const softmaxCrossEntropyGrad: GradRule = {
  opType: 'SoftmaxCrossEntropyLoss',
  grad: (ctx) => {
    const { g, node } = ctx;
    if (ctx.dy[1]) throw new BertfitError('SoftmaxCrossEntropyLoss gradient: the log_prob output is not differentiable');
    if (node.attrs.ignore_index) throw new BertfitError('SoftmaxCrossEntropyLoss gradient: ignore_index is not supported');
    const red = node.attrs.reduction?.kind === 'string' ? node.attrs.reduction.value : 'mean';
    const [scores, labels, d] = [input(ctx, 0), input(ctx, 1), dy0(ctx)];
    const dt = scores.dtype === 'float64' ? 'float64' : 'float32';
    const weights = node.inputs[2] ?? null;
    const n = labels.shape[0]!;
    const rowW = weights === null ? op.constantOfShape(g, op.shapeOf(g, labels), [n], dt, 1) : op.gather(g, weights, labels);
    const depth = op.shapeOf(g, scores, 1, 2);
    // ORT's OneHot has no double output kernel: build it in float32 (exact 0/1) and cast.
    const oneHot32 = op.oneHot(g, labels, depth, scores.shape[1]!, 'float32');
    const oneHot = dt === 'float32' ? oneHot32 : op.cast(g, oneHot32, dt);
    const diff = op.sub(g, op.exp(g, output(ctx, 1)), oneHot);
    let perRow = op.mul(g, rowW, d);
    if (red === 'mean') perRow = op.div(g, perRow, op.reduceSum(g, rowW, [0]));
    else if (red !== 'sum' && red !== 'none') throw new BertfitError(`SoftmaxCrossEntropyLoss gradient: reduction "${red}" is not supported`);
    return [op.mul(g, diff, op.unsqueeze(g, perRow, [-1])), null, null];
  },
};
