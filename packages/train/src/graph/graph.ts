import { BertfitError } from '@bertfit/core';
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
  | { kind: 'tensor'; dtype: number; bytes: Uint8Array }
  /** A subgraph (Loop's body), made by `Graph.subgraph`; it may read values of the graphs around it. */
  | { kind: 'graph'; value: Graph };

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
export type ConstData = Float32Array | Float64Array | Int32Array | BigInt64Array | Int8Array | Uint8Array;

export interface OutputSpec {
  dtype: DType;
  shape: Shape;
}

/**
 * A graph under construction: values, nodes in topological order (append-only), inputs, outputs, constants.
 * A subgraph (`subgraph()`) may use its enclosing graphs' values by name, as ONNX's outer scope allows;
 * its generated names carry its own name as a prefix, so they never shadow the outer graph's.
 */
export class Graph {
  readonly nodes: Node[] = [];
  readonly inputs: Value[] = [];
  readonly outputs: Value[] = [];
  readonly constants = new Map<Value, ConstData>();
  private nextId = 0;
  private readonly names = new Set<string>();
  private readonly constCache = new Map<string, Value>();

  constructor(
    readonly name = 'bertfit',
    readonly parent: Graph | null = null,
  ) {}

  /** A body graph (for Loop) that may read this graph's values; its inputs and outputs are the body's signature. */
  subgraph(name: string): Graph {
    return new Graph(name, this);
  }

  /** Whether `v` is a value of this graph itself (not of an enclosing one). */
  isLocal(v: Value): boolean {
    return this.owned.has(v);
  }

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
    const v = this.value(this.autoName('const'), dtype, shape, null);
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
      if (v !== null && !this.inScope(v)) throw new BertfitError(`${opType}: input '${v.name}' belongs to another graph`);
    }
    const outs: Value[] = [];
    const node: Node = { id: this.nextId++, opType, domain, inputs, outputs: outs, attrs };
    for (const o of outputs) outs.push(this.value(this.autoName(opType.toLowerCase()), o.dtype, o.shape, node));
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

  /** Own values and those of the enclosing graphs (ONNX outer scope). */
  private inScope(v: Value): boolean {
    return this.owned.has(v) || this.parent?.inScope(v) === true;
  }

  private nameInScope(name: string): boolean {
    return this.names.has(name) || this.parent?.nameInScope(name) === true;
  }

  private autoName(base: string): string {
    return this.parent === null ? `${base}_${this.nextId}` : `${this.name}/${base}_${this.nextId}`;
  }

  private isUserNamed(v: Value): boolean {
    return this.userNamed.has(v) || this.inputs.includes(v);
  }

  private value(name: string, dtype: DType, shape: Shape, producer: Node | null): Value {
    if (this.names.has(name)) throw new BertfitError(`graph value '${name}': the name is already used`);
    if (this.parent?.nameInScope(name)) throw new BertfitError(`graph value '${name}' in subgraph '${this.name}': the name is used by an enclosing graph`);
    this.names.add(name);
    const v: Value = { id: this.nextId++, name, dtype, shape: [...shape], producer };
    this.owned.add(v);
    return v;
  }
}
