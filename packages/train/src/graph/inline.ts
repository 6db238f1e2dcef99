import { BertfitError } from '@bertfit/core';
import type { Graph, Value } from './graph.js';
import { liveSubgraph, subgraphsOf } from './live.js';

/**
 * Copies the part of `src` that computes the named `outputs` into `dst` (e.g. a Loop body), reading
 * each of src's inputs from `bind` by name; returns the copies of those outputs by name. This makes an
 * already differentiated micro-step graph one micro-step of a resident-training body, unchanged.
 */
export function inlineGraph(dst: Graph, src: Graph, bind: ReadonlyMap<string, Value>, outputs: readonly string[]): Map<string, Value> {
  const wanted = outputs.map((name) => {
    const v = src.outputs.find((o) => o.name === name);
    if (!v) throw new BertfitError(`inlineGraph: graph '${src.name}' has no output '${name}'`);
    return v;
  });
  const live = liveSubgraph(src, wanted);
  const copy = new Map<Value, Value>();
  for (const v of src.inputs) {
    if (!live.values.has(v)) continue;
    const b = bind.get(v.name);
    if (!b) throw new BertfitError(`inlineGraph: input '${v.name}' of graph '${src.name}' is not bound`);
    if (b.dtype !== v.dtype) throw new BertfitError(`inlineGraph: input '${v.name}' is ${v.dtype}, bound to '${b.name}' of ${b.dtype}`);
    copy.set(v, b);
  }
  for (const [v, data] of src.constants) if (live.values.has(v)) copy.set(v, dst.constant(v.dtype, v.shape, data));
  for (const n of live.nodes) {
    if (subgraphsOf(n).length > 0) throw new BertfitError(`inlineGraph: node ${n.opType} '${n.outputs[0]?.name}' holds a subgraph (not supported)`);
    const outs = dst.node(
      n.opType,
      n.inputs.map((x) => (x === null ? null : copy.get(x)!)),
      n.outputs.map((o) => ({ dtype: o.dtype, shape: o.shape })),
      { ...n.attrs },
      n.domain,
    );
    n.outputs.forEach((o, i) => copy.set(o, outs[i]!));
  }
  return new Map(outputs.map((name, i) => [name, copy.get(wanted[i]!)!]));
}
