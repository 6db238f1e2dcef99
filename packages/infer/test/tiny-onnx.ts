// Builds small ONNX models directly as protobuf fields, for tests of the ONNX rewriting code.
import { readModel, writeModel, type OnnxModel, type OnnxNode, type OnnxTensor } from '../src/onnx/model-proto.js';
import { int, msg, str, type Field } from '../src/onnx/wire.js';

/** ValueInfoProto of a tensor with static/symbolic dims, as GraphProto field `no` (11 input, 12 output). */
export function valueInfo(no: number, name: string, elemType: number, dims: (number | string)[]): Field {
  const shape = dims.map((d) => msg(1, [typeof d === 'number' ? int(1, d) : str(2, d)]));
  return msg(no, [str(1, name), msg(2, [msg(1, [int(1, elemType), msg(2, shape)])])]);
}

export function floatTensor(name: string, dims: number[], data: Float32Array): OnnxTensor {
  return { name, dims, dataType: 1, raw: new Uint8Array(data.slice().buffer) };
}

export function node(opType: string, inputs: string[], outputs: string[], attributes: Field[] = []): OnnxNode {
  return { opType, inputs, outputs, name: `${opType}_${outputs[0]}`, domain: '', attributes };
}

/** A model x[batch,seq,K] -> y with the given nodes and initializers (IR 9, opset 20). */
export function tinyModel(k: number, n: number, nodes: OnnxNode[], initializers: OnnxTensor[]): Uint8Array {
  const m: OnnxModel = {
    modelFields: [int(1, 9), str(2, 'test'), msg(8, [str(1, ''), int(2, 20)])],
    nodes,
    initializers,
    inputs: ['x'],
    outputs: ['y'],
    graphFields: [str(2, 'tiny'), valueInfo(11, 'x', 1, ['batch', 'seq', k]), valueInfo(12, 'y', 1, ['batch', 'seq', n])],
  };
  return writeModel(m);
}

/** A model x[rows,K] -> y[rows,N] (for Gemm). */
export function tinyModel2d(nodes: OnnxNode[], initializers: OnnxTensor[]): Uint8Array {
  const k = initializers[0]!.dims[1]!;
  const n = initializers[0]!.dims[0]!;
  const m: OnnxModel = {
    modelFields: [int(1, 9), str(2, 'test'), msg(8, [str(1, ''), int(2, 20)])],
    nodes,
    initializers,
    inputs: ['x'],
    outputs: ['y'],
    graphFields: [str(2, 'tiny2d'), valueInfo(11, 'x', 1, ['rows', k]), valueInfo(12, 'y', 1, ['rows', n])],
  };
  return writeModel(m);
}

/** An AttributeProto field with one float value (type FLOAT). */
export function floatAttr(name: string, value: number): Field {
  const raw = new Uint8Array(4);
  new DataView(raw.buffer).setFloat32(0, value, true);
  return msg(5, [str(1, name), { no: 2, wire: 5, raw }, int(20, 1)]);
}

export { readModel };
