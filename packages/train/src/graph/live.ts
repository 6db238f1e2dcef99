import type { Graph, Node, Value } from './graph.js';

/** The subgraphs (Loop bodies) held in a node's attributes. */
export function subgraphsOf(n: Node): Graph[] {
  return Object.values(n.attrs).flatMap((a) => (a.kind === 'graph' ? [a.value] : []));
}

/**
 * The nodes (in order) and constants that the graph's outputs depend on. Gradient rules emit every
 * input's gradient, including ones nobody asked for (a dropout scale's, the word embedding's dense
 * [vocab, H] scatter), and onnxruntime runs unused nodes anyway, so the ONNX writer drops them.
 * A node with a subgraph also depends on the outer-scope values its subgraph reads. `roots` default to
 * the outputs.
 */
export function liveSubgraph(g: Graph, roots: readonly Value[] = g.outputs): { nodes: Node[]; values: Set<Value> } {
  const values = new Set<Value>(roots);
  const nodes: Node[] = [];
  for (let i = g.nodes.length - 1; i >= 0; i--) {
    const n = g.nodes[i]!;
    if (!n.outputs.some((o) => values.has(o))) continue;
    nodes.push(n);
    for (const x of n.inputs) if (x !== null) values.add(x);
    for (const body of subgraphsOf(n)) for (const x of outerReads(body)) values.add(x);
  }
  return { nodes: nodes.reverse(), values };
}

/** Values of enclosing graphs that a subgraph's live part reads (by name, ONNX's outer scope). */
export function outerReads(body: Graph): Value[] {
  return [...liveSubgraph(body).values].filter((v) => !body.isLocal(v));
}
