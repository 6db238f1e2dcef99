import { BertfitError } from '@bertfit/core';
import type { Graph, Node, Value } from '../graph/graph.js';
import * as op from '../graph/ops/index.js';
import { staticSize } from '../graph/shape.js';
import { GRAD_RULES, NO_GRADIENT_OPS } from './registry.js';

export interface GradientRequest {
  /** The values to differentiate, each with its incoming gradient (default: 1 for a scalar). */
  ys: readonly { value: Value; seed?: Value }[];
  /** The values to differentiate with respect to (parameters, or any intermediate value). */
  wrt: readonly Value[];
}

function zerosLike(g: Graph, v: Value): Value {
  const shape = staticSize(v.shape) === null ? op.shapeOf(g, v) : op.ints(g, v.shape as number[]);
  return op.constantOfShape(g, shape, v.shape, v.dtype === 'float64' ? 'float64' : 'float32');
}

/**
 * Reverse-mode differentiation: appends the backward nodes to `g` and returns d(Σ seeds·ys)/d(wrt)
 * for every requested value (zeros where no path exists). Contributions of a value used several
 * times are summed.
 */
export function gradients(g: Graph, req: GradientRequest): Map<Value, Value> {
  const forward = [...g.nodes];
  const dependsOnWrt = new Set<Value>(req.wrt);
  for (const n of forward) {
    if (n.inputs.some((i) => i !== null && dependsOnWrt.has(i))) for (const o of n.outputs) dependsOnWrt.add(o);
  }
  const contributions = new Map<Value, Value[]>();
  const contribute = (v: Value, d: Value): void => {
    const list = contributions.get(v);
    list ? list.push(d) : contributions.set(v, [d]);
  };
  const total = (v: Value): Value | null => {
    const list = contributions.get(v);
    if (!list || list.length === 0) return null;
    const sum = list.reduce((acc, d) => op.add(g, acc, d));
    contributions.set(v, [sum]);
    return sum;
  };
  for (const { value, seed } of req.ys) {
    if (seed === undefined && value.shape.length !== 0) {
      throw new BertfitError(`gradients: output '${value.name}' has shape [${value.shape.join(',')}]; a non-scalar needs a seed`);
    }
    contribute(value, seed ?? op.scalar(g, 1, value.dtype));
  }
  for (let k = forward.length - 1; k >= 0; k--) {
    const node: Node = forward[k]!;
    if (!node.outputs.some((o) => dependsOnWrt.has(o))) continue;
    const dy = node.outputs.map((o) => total(o));
    if (dy.every((d) => d === null)) continue;
    if (NO_GRADIENT_OPS.has(node.opType)) {
      throw new BertfitError(`gradients: op ${node.opType} has no gradient by design (int8 inference only; node producing '${node.outputs[0]?.name}')`);
    }
    const rule = GRAD_RULES.get(node.opType);
    if (!rule) throw new BertfitError(`gradients: no gradient rule for op ${node.opType} (node producing '${node.outputs[0]?.name}')`);
    const dx = rule.grad({ g, node, dy });
    node.inputs.forEach((x, i) => {
      const d = dx[i];
      if (x !== null && d && dependsOnWrt.has(x)) contribute(x, d);
    });
  }
  const out = new Map<Value, Value>();
  for (const w of req.wrt) out.set(w, total(w) ?? zerosLike(g, w));
  return out;
}
