import { BertfitError } from '@bertfit/core';
import * as op from '../../graph/ops/index.js';
import type { GradRule } from '../rule.js';
import { dy0, input } from '../rule.js';

/**
 * Zero-pads dy back to the input's shape: begin pads = starts on the sliced axes, end pads =
 * dim(x) − dim(dy) − begin. Works for computed starts/ends; needs starts ≥ 0, ends within range, step 1.
 */
export const sliceGrad: GradRule = {
  opType: 'Slice',
  grad: (ctx) => {
    const { g, node } = ctx;
    const [x, starts, d] = [input(ctx, 0), input(ctx, 1), dy0(ctx)];
    const steps = node.inputs[4] ?? null;
    if (steps !== null && (op.constInts(g, steps) ?? [0]).some((s) => s !== 1)) throw new BertfitError('Slice gradient: only step 1 is supported');
    const axes = node.inputs[3] ?? op.ints(g, [...Array(x.shape.length).keys()]);
    const zeros = op.ints(g, new Array<number>(x.shape.length).fill(0));
    const begin = op.scatterElements(g, zeros, axes, starts);
    const end = op.sub(g, op.sub(g, op.shapeOf(g, x), op.shapeOf(g, d)), begin);
    return [op.pad(g, d, op.concat(g, [begin, end], 0), x.shape), null, null, null, null];
  },
};
