export { Graph } from './graph.js';
export type { Attr, ConstData, Node, OutputSpec, Value } from './graph.js';
export type { DType } from './dtype.js';
export type { Dim, Shape } from './shape.js';
export { formatShape } from './shape.js';
export * as op from './ops/index.js';
