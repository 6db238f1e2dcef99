import { BertfitError } from '@bertfit/core';
import { ONNX_DTYPE } from '../graph/dtype.js';
import type { Attr, ConstData, Graph, Node, Value } from '../graph/graph.js';
import { liveSubgraph, subgraphsOf } from '../graph/live.js';
import { ProtoWriter } from './protobuf.js';

/** ai.onnx opset and IR version every bertfit graph is stamped with (see notes/onnxruntime-node.md). */
export const OPSET = 20;
export const IR_VERSION = 9;

// Field numbers from onnx.proto.
const ATTR_TYPE = { float: 1, int: 2, string: 3, tensor: 4, graph: 5, floats: 6, ints: 7 } as const;

function writeAttr(w: ProtoWriter, name: string, a: Attr): void {
  w.string(1, name);
  switch (a.kind) {
    case 'float': w.float(2, a.value); break;
    case 'int': w.int(3, a.value); break;
    case 'string': w.string(4, a.value); break;
    case 'tensor': w.message(5, (t) => t.int(1, 1).int(2, a.dtype).bytes(9, a.bytes)); break;
    case 'graph': w.message(6, (gw) => writeGraph(gw, a.value)); break;
    case 'floats': for (const f of a.value) w.float(7, f); break;
    case 'ints': for (const i of a.value) w.int(8, i); break;
  }
  w.int(20, ATTR_TYPE[a.kind]);
}

function writeNode(w: ProtoWriter, n: Node): void {
  for (const i of n.inputs) w.string(1, i === null ? '' : i.name);
  for (const o of n.outputs) w.string(2, o.name);
  w.string(3, `n${n.id}_${n.opType}`);
  w.string(4, n.opType);
  for (const [k, a] of Object.entries(n.attrs)) w.message(5, (aw) => writeAttr(aw, k, a));
  if (n.domain) w.string(7, n.domain);
}

function writeValueInfo(w: ProtoWriter, v: Value): void {
  w.string(1, v.name);
  w.message(2, (t) =>
    t.message(1, (tt) => {
      tt.int(1, ONNX_DTYPE[v.dtype]);
      tt.message(2, (s) => {
        for (const d of v.shape) s.message(1, (dw) => (typeof d === 'number' ? dw.int(1, d) : dw.string(2, d)));
      });
    }),
  );
}

function writeTensor(w: ProtoWriter, v: Value, data: ConstData): void {
  for (const d of v.shape) {
    if (typeof d !== 'number') throw new BertfitError(`ONNX writer: constant '${v.name}' has a symbolic dim ${d}`);
    w.int(1, d);
  }
  w.int(2, ONNX_DTYPE[v.dtype]);
  w.string(8, v.name);
  w.bytes(9, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
}

/** GraphProto: the live nodes, their constants as initializers, every input, the outputs. Subgraphs too. */
function writeGraph(gw: ProtoWriter, g: Graph): void {
  if (g.outputs.length === 0) throw new BertfitError(`ONNX writer: graph '${g.name}' has no outputs`);
  const live = liveSubgraph(g);
  for (const n of live.nodes) gw.message(1, (nw) => writeNode(nw, n));
  gw.string(2, g.name);
  for (const [v, data] of g.constants) if (live.values.has(v)) gw.message(5, (tw) => writeTensor(tw, v, data));
  for (const v of g.inputs) gw.message(11, (iw) => writeValueInfo(iw, v));
  for (const v of g.outputs) gw.message(12, (ow) => writeValueInfo(ow, v));
}

/** Op domains other than ai.onnx used by the live nodes of `g` and its subgraphs. */
function domainsOf(g: Graph, into = new Set<string>()): Set<string> {
  for (const n of liveSubgraph(g).nodes) {
    if (n.domain !== '') into.add(n.domain);
    for (const body of subgraphsOf(n)) domainsOf(body, into);
  }
  return into;
}

/**
 * Serialises a graph to ONNX ModelProto bytes (IR 9, ai.onnx opset 20, com.microsoft 1 when used).
 * Only the nodes and constants the outputs depend on are written; every graph input is kept.
 */
export function toOnnxBytes(g: Graph): Uint8Array {
  if (g.parent !== null) throw new BertfitError(`ONNX writer: graph '${g.name}' is a subgraph of '${g.parent.name}'; write the outermost graph`);
  const domains = domainsOf(g);
  const w = new ProtoWriter();
  w.int(1, IR_VERSION);
  w.string(2, 'bertfit');
  w.message(7, (gw) => writeGraph(gw, g));
  w.message(8, (o) => o.string(1, '').int(2, OPSET));
  for (const d of domains) w.message(8, (o) => o.string(1, d).int(2, 1));
  return w.finish();
}
