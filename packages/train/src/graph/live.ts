import type { Graph, Node, Value } from './graph.js';

/**
 * The nodes (in order) and constants that the graph's outputs depend on. Gradient rules emit every
 * input's gradient, including ones nobody asked for (a dropout scale's, the word embedding's dense
 * [vocab, H] scatter), and onnxruntime runs unused nodes anyway, so the ONNX writer drops them.
 */
export function liveSubgraph(g: Graph): { nodes: Node[]; values: Set<Value> } {
  const values = new Set<Value>(g.outputs);
  const nodes: Node[] = [];
  for (let i = g.nodes.length - 1; i >= 0; i--) {
    const n = g.nodes[i]!;
    if (!n.outputs.some((o) => values.has(o))) continue;
    nodes.push(n);
    for (const x of n.inputs) if (x !== null) values.add(x);
  }
  return { nodes: nodes.reverse(), values };
}
