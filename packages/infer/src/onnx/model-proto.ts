// ONNX ModelProto bytes <-> an editable view of its graph: nodes, initializers and the names of the
// graph inputs/outputs. Everything else (opsets, value infos, metadata) is carried through as raw fields.
import { BertfitError } from '@bertfit/core';
import { bytesField, decodeFields, encodeFields, int, intOf, msg, str, text, type Field } from './wire.js';

// Field numbers from onnx.proto.
const MODEL_GRAPH = 7;
const GRAPH = { node: 1, initializer: 5, input: 11, output: 12 } as const;
const NODE = { input: 1, output: 2, name: 3, opType: 4, attribute: 5, domain: 7 } as const;
const TENSOR = { dims: 1, dataType: 2, floatData: 4, name: 8, rawData: 9, externalData: 13 } as const;
export const TENSOR_TYPE = { float: 1, uint8: 2, int8: 3, int32: 6, int64: 7 } as const;

export interface OnnxNode {
  opType: string;
  inputs: string[];
  outputs: string[];
  name: string;
  domain: string;
  /** AttributeProto messages, raw. */
  attributes: Field[];
}

export interface OnnxTensor {
  name: string;
  dims: number[];
  dataType: number;
  /** Little-endian raw_data bytes. */
  raw: Uint8Array;
}

export interface OnnxModel {
  /** ModelProto fields other than the graph. */
  modelFields: Field[];
  nodes: OnnxNode[];
  initializers: OnnxTensor[];
  inputs: string[];
  outputs: string[];
  /** GraphProto fields other than nodes and initializers (name, inputs, outputs, value infos). */
  graphFields: Field[];
}

export function readModel(bytes: Uint8Array, source: string): OnnxModel {
  const top = decodeFields(bytes, source);
  const graphField = top.find((f) => f.no === MODEL_GRAPH && f.wire === 2);
  if (!graphField || graphField.wire !== 2) throw new BertfitError(`ONNX ${source}: the model has no graph`);
  const model: OnnxModel = { modelFields: top.filter((f) => f !== graphField), nodes: [], initializers: [], inputs: [], outputs: [], graphFields: [] };
  for (const f of decodeFields(graphField.bytes, `${source} graph`)) {
    if (f.wire === 2 && f.no === GRAPH.node) model.nodes.push(readNode(f.bytes, source));
    else if (f.wire === 2 && f.no === GRAPH.initializer) model.initializers.push(readTensor(f.bytes, source));
    else {
      if (f.wire === 2 && (f.no === GRAPH.input || f.no === GRAPH.output)) {
        const name = decodeFields(f.bytes, source).find((x) => x.no === 1);
        (f.no === GRAPH.input ? model.inputs : model.outputs).push(name ? text(name) : '');
      }
      model.graphFields.push(f);
    }
  }
  return model;
}

export function writeModel(m: OnnxModel): Uint8Array {
  const graph: Field[] = [
    ...m.nodes.map((n) => msg(GRAPH.node, nodeFields(n))),
    ...m.graphFields,
    ...m.initializers.map((t) => msg(GRAPH.initializer, tensorFields(t))),
  ];
  return encodeFields([...m.modelFields, { no: MODEL_GRAPH, wire: 2, bytes: encodeFields(graph) }]);
}

function readNode(bytes: Uint8Array, source: string): OnnxNode {
  const n: OnnxNode = { opType: '', inputs: [], outputs: [], name: '', domain: '', attributes: [] };
  for (const f of decodeFields(bytes, `${source} node`)) {
    if (f.no === NODE.input) n.inputs.push(text(f));
    else if (f.no === NODE.output) n.outputs.push(text(f));
    else if (f.no === NODE.name) n.name = text(f);
    else if (f.no === NODE.opType) n.opType = text(f);
    else if (f.no === NODE.domain) n.domain = text(f);
    else if (f.no === NODE.attribute) n.attributes.push(f);
  }
  return n;
}

function nodeFields(n: OnnxNode): Field[] {
  return [
    ...n.inputs.map((i) => str(NODE.input, i)),
    ...n.outputs.map((o) => str(NODE.output, o)),
    str(NODE.name, n.name),
    str(NODE.opType, n.opType),
    ...n.attributes,
    ...(n.domain ? [str(NODE.domain, n.domain)] : []),
  ];
}

function readTensor(bytes: Uint8Array, source: string): OnnxTensor {
  const t: OnnxTensor = { name: '', dims: [], dataType: 0, raw: new Uint8Array(0) };
  const floats: number[] = [];
  for (const f of decodeFields(bytes, `${source} initializer`)) {
    if (f.no === TENSOR.dims) {
      if (f.wire === 2) for (const d of decodeFields(packedAsVarints(f.bytes), source)) t.dims.push(intOf(d));
      else t.dims.push(intOf(f));
    } else if (f.no === TENSOR.dataType) t.dataType = intOf(f);
    else if (f.no === TENSOR.name) t.name = text(f);
    else if (f.no === TENSOR.rawData && f.wire === 2) t.raw = f.bytes;
    else if (f.no === TENSOR.floatData) {
      const raw = f.wire === 2 ? f.bytes : f.wire === 5 ? f.raw : new Uint8Array(0);
      const dv = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
      for (let i = 0; i + 4 <= raw.byteLength; i += 4) floats.push(dv.getFloat32(i, true));
    } else if (f.no === TENSOR.externalData) {
      throw new BertfitError(`ONNX ${source}: initializer '${t.name}' uses external data, which is not supported`);
    }
  }
  if (floats.length > 0) t.raw = new Uint8Array(Float32Array.from(floats).buffer);
  return t;
}

/** Packed repeated varints re-tagged as field 1 so decodeFields can split them. */
function packedAsVarints(bytes: Uint8Array): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < bytes.length; i++) {
    if (i === 0 || (bytes[i - 1]! & 0x80) === 0) out.push(0x08);
    out.push(bytes[i]!);
  }
  return Uint8Array.from(out);
}

function tensorFields(t: OnnxTensor): Field[] {
  return [...t.dims.map((d) => int(TENSOR.dims, d)), int(TENSOR.dataType, t.dataType), str(TENSOR.name, t.name), bytesField(TENSOR.rawData, t.raw)];
}

/** The float32 values of an initializer (a copy, aligned). */
export function tensorFloats(t: OnnxTensor): Float32Array {
  if (t.dataType !== TENSOR_TYPE.float) throw new BertfitError(`ONNX initializer '${t.name}': data type ${t.dataType} is not float32`);
  return new Float32Array(t.raw.slice().buffer);
}

/** A scalar int or float attribute of a node, or null when absent. */
export function attrNumber(n: OnnxNode, name: string): number | null {
  for (const a of n.attributes) {
    if (a.wire !== 2) continue;
    const fields = decodeFields(a.bytes, `${n.opType} attribute`);
    const nameField = fields.find((f) => f.no === 1);
    if (!nameField || text(nameField) !== name) continue;
    for (const f of fields) {
      if (f.no === 3 && f.wire === 0) return intOf(f);
      if (f.no === 2 && f.wire === 5) return new DataView(f.raw.buffer, f.raw.byteOffset, 4).getFloat32(0, true);
    }
  }
  return null;
}

/** An integer-list attribute of a node, or null when absent. */
export function attrInts(n: OnnxNode, name: string): number[] | null {
  for (const a of n.attributes) {
    if (a.wire !== 2) continue;
    const fields = decodeFields(a.bytes, `${n.opType} attribute`);
    const nameField = fields.find((f) => f.no === 1);
    if (!nameField || text(nameField) !== name) continue;
    const out: number[] = [];
    for (const f of fields) {
      if (f.no !== 8) continue;
      if (f.wire === 2) for (const d of decodeFields(packedAsVarints(f.bytes), name)) out.push(intOf(d));
      else out.push(intOf(f));
    }
    return out;
  }
  return null;
}

/** An AttributeProto field with one int value (type INT). */
export function intAttr(name: string, value: number): Field {
  return msg(NODE.attribute, [str(1, name), int(3, value), int(20, 2)]);
}
