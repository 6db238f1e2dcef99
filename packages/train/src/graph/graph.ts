import { BertfitError } from '@bertfit/config';
import type { DType } from './dtype.js';
import type { Dim, Shape } from './shape.js';

/** An attribute value; the variant decides the ONNX AttributeProto type. */
export type Attr =
  | { kind: 'int'; value: number }
  | { kind: 'float'; value: number }
  | { kind: 'ints'; value: readonly number[] }
  | { kind: 'floats'; value: readonly number[] }
  | { kind: 'string'; value: string }
  /** A one-element tensor (ConstantOfShape's value), raw little-endian bytes. */
  | { kind: 'tensor'; dtype: number; bytes: Uint8Array };

export interface Value {
  readonly id: number;
  name: string;
  readonly dtype: DType;
  readonly shape: readonly Dim[];
  /** The node that computes it; null for graph inputs and constants. */
  readonly producer: Node | null;
}

export interface Node {
  readonly id: number;
  readonly opType: string;
  readonly domain: string;
  readonly inputs: readonly (Value | null)[];
  readonly outputs: readonly Value[];
  readonly attrs: Readonly<Record<string, Attr>>;
}

/** Constant data, stored as the typed array ORT would read (int64 as BigInt64Array). */
export type ConstData = Float32Array | Float64Array | Int32Array | BigInt64Array | Uint8Array;

export interface OutputSpec {
  dtype: DType;
  shape: Shape;
}

/** A graph under construction: values, nodes in topological order (append-only), inputs, outputs, constants. */
export class Graph {
  readonly nodes: Node[] = [];
  readonly inputs: Value[] = [];
  readonly outputs: Value[] = [];
  readonly constants = new Map<Value, ConstData>();
  private nextId = 0;
  private readonly names = new Set<string>();
  private readonly constCache = new Map<string, Value>();

  constructor(readonly name = 'bertfit') {}

  input(name: string, dtype: DType, shape: Shape): Value {
    const v = this.value(name, dtype, shape, null);
    this.inputs.push(v);
    return v;
  }

  /** A constant (an ONNX initializer). Small scalar/vector constants are cached by content. */
  constant(dtype: DType, shape: Shape, data: ConstData): Value {
    const key = data.length <= 16 ? `${dtype}|${shape.join(',')}|${Array.from(data as ArrayLike<unknown>).join(',')}` : null;
    const hit = key === null ? undefined : this.constCache.get(key);
    if (hit) return hit;
    const v = this.value(`const_${this.nextId}`, dtype, shape, null);
    this.constants.set(v, data);
    if (key !== null) this.constCache.set(key, v);
    return v;
  }

  /** A named constant (e.g. a parameter embedded for export), never merged with equal constants. */
  initializer(name: string, dtype: DType, shape: Shape, data: ConstData): Value {
    const v = this.value(name, dtype, shape, null);
    this.constants.set(v, data);
    this.userNamed.add(v);
    return v;
  }

  node(opType: string, inputs: readonly (Value | null)[], outputs: readonly OutputSpec[], attrs: Record<string, Attr> = {}, domain = ''): Value[] {
    for (const v of inputs) {
      if (v !== null && !this.owns(v)) throw new BertfitError(`${opType}: input '${v.name}' belongs to another graph`);
    }
    const outs: Value[] = [];
    const node: Node = { id: this.nextId++, opType, domain, inputs, outputs: outs, attrs };
    for (const o of outputs) outs.push(this.value(`${opType.toLowerCase()}_${this.nextId}`, o.dtype, o.shape, node));
    this.nodes.push(node);
    return outs;
  }

  /** Marks a value as a graph output under `name` (renaming it, or through Identity if it is an input or named). */
  output(name: string, v: Value): Value {
    if (this.names.has(name) && v.name !== name) throw new BertfitError(`graph output '${name}': the name is already used`);
    let out = v;
    if (v.producer === null || this.outputs.includes(v) || this.isUserNamed(v)) {
      out = this.node('Identity', [v], [{ dtype: v.dtype, shape: v.shape }])[0]!;
    }
    this.names.delete(out.name);
    out.name = name;
    this.names.add(name);
    this.userNamed.add(out);
    this.outputs.push(out);
    return out;
  }

  constantData(v: Value): ConstData | undefined {
    return this.constants.get(v);
  }

  private readonly userNamed = new Set<Value>();
  private readonly owned = new WeakSet<Value>();

  private owns(v: Value): boolean {
    return this.owned.has(v);
  }

  private isUserNamed(v: Value): boolean {
    return this.userNamed.has(v) || this.inputs.includes(v);
  }

  private value(name: string, dtype: DType, shape: Shape, producer: Node | null): Value {
    if (this.names.has(name)) throw new BertfitError(`graph value '${name}': the name is already used`);
    this.names.add(name);
    const v: Value = { id: this.nextId++, name, dtype, shape: [...shape], producer };
    this.owned.add(v);
    return v;
  }
}
