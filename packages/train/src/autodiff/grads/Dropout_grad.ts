import { BertfitError } from '@bertfit/core';
import * as op from '../../graph/ops/index.js';
import type { GradRule } from '../rule.js';
import { dy0, input, output } from '../rule.js';

/** Training mode: dx = dy·mask/(1−ratio), the mask being the forward's own second output. */
export const dropoutGrad: GradRule = {
  opType: 'Dropout',
  grad: (ctx) => {
    const { g, node } = ctx;
    const d = dy0(ctx);
    const training = node.inputs[2] ?? null;
    const flag = training === null ? new Uint8Array([0]) : g.constantData(training);
    if (!(flag instanceof Uint8Array)) throw new BertfitError('Dropout gradient: training_mode must be a constant');
    if (flag[0] === 0) return [d];
    const ratio = node.inputs[1] ? input(ctx, 1) : op.scalar(g, 0.5, d.dtype);
    const keep = op.sub(g, op.scalar(g, 1, d.dtype), ratio);
    return [op.div(g, op.mul(g, d, op.cast(g, output(ctx, 1), d.dtype)), keep), null, null];
  },
};
