import type { Graph, Value } from '../graph/graph.js';
import * as op from '../graph/ops/index.js';
import { staticSize } from '../graph/shape.js';

/**
 * Undoes numpy broadcasting on a gradient: sums over the axes along which `target` was broadcast
 * (leading axes it lacks, and its size-1 axes that are not 1 in the gradient), then restores its shape.
 * Symbolic dims are assumed never to be 1 at run time where the other side is larger.
 */
export function unbroadcast(g: Graph, grad: Value, target: Value): Value {
  const gs = grad.shape;
  const ts = target.shape;
  const lead = gs.length - ts.length;
  const axes: number[] = [];
  for (let i = 0; i < gs.length; i++) {
    if (i < lead) axes.push(i);
    else if (ts[i - lead] === 1 && gs[i] !== 1) axes.push(i);
  }
  if (axes.length === 0 && gs.length === ts.length) return grad;
  const summed = axes.length === 0 ? grad : op.reduceSum(g, grad, axes, true);
  if (staticSize(ts) !== null) return op.reshape(g, summed, ts as number[], ts);
  return op.reshape(g, summed, op.shapeOf(g, target), ts);
}
