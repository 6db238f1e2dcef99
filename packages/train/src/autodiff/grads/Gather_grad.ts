import { BertfitError } from '@bertfit/core';
import * as op from '../../graph/ops/index.js';
import { staticSize } from '../../graph/shape.js';
import type { GradRule } from '../rule.js';
import { dy0, input } from '../rule.js';

/**
 * Embedding lookup (axis 0): the gradient adds dy's rows back into a zero table (`scatterAddRows`:
 * repeated ids accumulate in row order, the same sum at any thread count). Indices are assumed
 * non-negative, as token ids are; the table's trailing dims must be static.
 */
export const gatherGrad: GradRule = {
  opType: 'Gather',
  grad: (ctx) => {
    const { g, node } = ctx;
    const [data, idx, d] = [input(ctx, 0), input(ctx, 1), dy0(ctx)];
    const axis = node.attrs.axis?.kind === 'int' ? node.attrs.axis.value : 0;
    if (axis !== 0) throw new BertfitError(`Gather gradient: only axis 0 is supported (got axis ${axis})`);
    const rowShape = data.shape.slice(1);
    if (!rowShape.every((dim) => typeof dim === 'number')) {
      throw new BertfitError(`Gather gradient: the table's row shape [${rowShape.join(', ')}] must be static`);
    }
    const shape = staticSize(data.shape) === null ? op.shapeOf(g, data) : op.ints(g, data.shape as number[]);
    const zeros = op.constantOfShape(g, shape, data.shape, data.dtype === 'float64' ? 'float64' : 'float32');
    const idx64 = idx.dtype === 'int64' ? idx : op.cast(g, idx, 'int64');
    const rows = op.reshape(g, d, [-1, ...(rowShape as number[])]);
    return [op.scatterAddRows(g, zeros, op.reshape(g, idx64, [-1]), rows), null];
  },
};
