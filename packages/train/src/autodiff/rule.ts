import type { Graph, Node, Value } from '../graph/graph.js';

/** What a gradient rule sees: the forward node and the incoming gradient of each of its outputs. */
export interface GradContext {
  readonly g: Graph;
  readonly node: Node;
  /** d(loss)/d(output i), or null where no gradient flows into that output. */
  readonly dy: readonly (Value | null)[];
}

/** One reverse-mode rule: the gradient for each input (null where none flows, e.g. indices). */
export interface GradRule {
  readonly opType: string;
  grad(ctx: GradContext): (Value | null)[];
}

export function input(ctx: GradContext, i: number): Value {
  const v = ctx.node.inputs[i];
  if (!v) throw new Error(`${ctx.node.opType}: gradient rule needs input ${i}, which is absent`);
  return v;
}

export function output(ctx: GradContext, i: number): Value {
  return ctx.node.outputs[i]!;
}

/** The gradient of the first output; rules are only called when at least one output has one. */
export function dy0(ctx: GradContext): Value {
  const d = ctx.dy[0];
  if (!d) throw new Error(`${ctx.node.opType}: only the first output is differentiable`);
  return d;
}
