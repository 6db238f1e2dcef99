import { BertfitError } from '@bertfit/core';
import type { Attr, ConstData, Graph, Node, Value } from '../graph/graph.js';
import { liveSubgraph, subgraphsOf } from '../graph/live.js';
import { ONNX_DATA_TYPE } from './data-type.js';
import { ONNX_ATTRIBUTE_TYPE, ONNX_FIELD } from './fields.js';
import { ProtoWriter } from './protobuf.js';

/** ai.onnx opset and IR version every bertfit graph is stamped with (see notes/onnxruntime-node.md). */
export const OPSET = 20;
export const IR_VERSION = 9;

const F = ONNX_FIELD;

function writeAttr(w: ProtoWriter, name: string, a: Attr): void {
  const A = F.attribute;
  w.string(A.name, name);
  switch (a.kind) {
    case 'float':
      w.float(A.f, a.value);
      break;
    case 'int':
      w.int(A.i, a.value);
      break;
    case 'string':
      w.string(A.s, a.value);
      break;
    case 'tensor':
      w.message(A.t, (t) => t.int(F.tensor.dims, 1).int(F.tensor.dataType, a.dtype).bytes(F.tensor.rawData, a.bytes));
      break;
    case 'graph':
      w.message(A.g, (gw) => writeGraph(gw, a.value));
      break;
    case 'floats':
      for (const f of a.value) w.float(A.floats, f);
      break;
    case 'ints':
      for (const i of a.value) w.int(A.ints, i);
      break;
  }
  w.int(A.type, ONNX_ATTRIBUTE_TYPE[a.kind]);
}

function writeNode(w: ProtoWriter, n: Node): void {
  const N = F.node;
  for (const i of n.inputs) w.string(N.input, i === null ? '' : i.name);
  for (const o of n.outputs) w.string(N.output, o.name);
  w.string(N.name, `n${n.id}_${n.opType}`);
  w.string(N.opType, n.opType);
  for (const [k, a] of Object.entries(n.attrs)) w.message(N.attribute, (aw) => writeAttr(aw, k, a));
  if (n.domain) w.string(N.domain, n.domain);
}

function writeValueInfo(w: ProtoWriter, v: Value): void {
  w.string(F.valueInfo.name, v.name);
  w.message(F.valueInfo.type, (t) =>
    t.message(F.typeProto.tensorType, (tt) => {
      tt.int(F.tensorType.elemType, ONNX_DATA_TYPE[v.dtype]);
      tt.message(F.tensorType.shape, (s) => {
        for (const d of v.shape) {
          s.message(F.tensorShape.dim, (dw) => (typeof d === 'number' ? dw.int(F.dimension.dimValue, d) : dw.string(F.dimension.dimParam, d)));
        }
      });
    }),
  );
}

function writeTensor(w: ProtoWriter, v: Value, data: ConstData): void {
  for (const d of v.shape) {
    if (typeof d !== 'number') throw new BertfitError(`ONNX writer: constant '${v.name}' has a symbolic dim ${d}`);
    w.int(F.tensor.dims, d);
  }
  w.int(F.tensor.dataType, ONNX_DATA_TYPE[v.dtype]);
  w.string(F.tensor.name, v.name);
  w.bytes(F.tensor.rawData, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
}

/** GraphProto: the live nodes, their constants as initializers, every input, the outputs. Subgraphs too. */
function writeGraph(gw: ProtoWriter, g: Graph): void {
  if (g.outputs.length === 0) throw new BertfitError(`ONNX writer: graph '${g.name}' has no outputs`);
  const live = liveSubgraph(g);
  const G = F.graph;
  for (const n of live.nodes) gw.message(G.node, (nw) => writeNode(nw, n));
  gw.string(G.name, g.name);
  for (const [v, data] of g.constants) if (live.values.has(v)) gw.message(G.initializer, (tw) => writeTensor(tw, v, data));
  for (const v of g.inputs) gw.message(G.input, (iw) => writeValueInfo(iw, v));
  for (const v of g.outputs) gw.message(G.output, (ow) => writeValueInfo(ow, v));
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
  const M = F.model;
  const O = F.operatorSetId;
  w.int(M.irVersion, IR_VERSION);
  w.string(M.producerName, 'bertfit');
  w.message(M.graph, (gw) => writeGraph(gw, g));
  w.message(M.opsetImport, (o) => o.string(O.domain, '').int(O.version, OPSET));
  for (const d of domains) w.message(M.opsetImport, (o) => o.string(O.domain, d).int(O.version, 1));
  return w.finish();
}
