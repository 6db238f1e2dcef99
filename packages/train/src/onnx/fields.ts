// The one table of the onnx.proto field numbers the writer uses, per message, and AttributeProto's
// type codes. Named so the writer reads as the schema does (`GRAPH.initializer`, not 5).

export const ONNX_FIELD = Object.freeze({
  model: { irVersion: 1, producerName: 2, graph: 7, opsetImport: 8 },
  operatorSetId: { domain: 1, version: 2 },
  graph: { node: 1, name: 2, initializer: 5, input: 11, output: 12 },
  node: { input: 1, output: 2, name: 3, opType: 4, attribute: 5, domain: 7 },
  attribute: { name: 1, f: 2, i: 3, s: 4, t: 5, g: 6, floats: 7, ints: 8, type: 20 },
  tensor: { dims: 1, dataType: 2, name: 8, rawData: 9 },
  valueInfo: { name: 1, type: 2 },
  typeProto: { tensorType: 1 },
  tensorType: { elemType: 1, shape: 2 },
  tensorShape: { dim: 1 },
  dimension: { dimValue: 1, dimParam: 2 },
} as const);

/** AttributeProto.AttributeType codes, keyed by the IR's attribute kinds. */
export const ONNX_ATTRIBUTE_TYPE = Object.freeze({ float: 1, int: 2, string: 3, tensor: 4, graph: 5, floats: 6, ints: 7 } as const);
