import * as op from '../../graph/ops/index.js';
import type { GradRule } from '../rule.js';
import { dy0 } from '../rule.js';

/** The inverse permutation. */
export const transposeGrad: GradRule = {
  opType: 'Transpose',
  grad: (ctx) => {
    const d = dy0(ctx);
    const attr = ctx.node.attrs.perm;
    const perm = attr?.kind === 'ints' ? attr.value : [...d.shape.keys()].reverse();
    const inv = new Array<number>(perm.length);
    perm.forEach((p, i) => (inv[p] = i));
    return [op.transpose(ctx.g, d, inv)];
  },
};
