// All parameters (or gradients, or optimizer moments) in ONE flat Float32Array, with a named view per
// tensor: the optimizer and clipping run over the flat buffer, graphs are fed the views zero-copy.
import { BertfitError } from '@bertfit/core';
import type { ParamSpec } from '../models/bert-params.js';

export interface TensorLike {
  shape: number[];
  data: Float32Array;
}

interface Slot {
  spec: ParamSpec;
  offset: number;
  view: Float32Array;
}

const shapeText = (s: readonly number[]): string => `[${s.join(', ')}]`;
const numel = (s: readonly number[]): number => s.reduce((a, b) => a * b, 1);

export class ParamStore {
  readonly specs: readonly ParamSpec[];
  /** Number of scalars (= flat.length). */
  readonly size: number;
  readonly flat: Float32Array;
  private readonly slots: Map<string, Slot>;

  private constructor(specs: readonly ParamSpec[], flat: Float32Array) {
    this.specs = specs;
    this.flat = flat;
    this.size = flat.length;
    this.slots = new Map();
    let offset = 0;
    for (const spec of specs) {
      if (this.slots.has(spec.name)) throw new BertfitError(`ParamStore: duplicate parameter name '${spec.name}'`);
      const n = numel(spec.shape);
      this.slots.set(spec.name, { spec, offset, view: flat.subarray(offset, offset + n) });
      offset += n;
    }
  }

  /**
   * A zero-filled store laid out in `specs` order. `shared`: on a SharedArrayBuffer, so worker-thread
   * replicas read the parameters the optimizer updates without a copy per step.
   */
  static create(specs: readonly ParamSpec[], opts: { shared?: boolean } = {}): ParamStore {
    const size = specs.reduce((n, s) => n + numel(s.shape), 0);
    return new ParamStore(specs, new Float32Array(opts.shared ? new SharedArrayBuffer(4 * size) : new ArrayBuffer(4 * size)));
  }

  /** Same layout, zero-filled: the gradient (or moment) buffer of a store. */
  static zerosLike(store: ParamStore): ParamStore {
    return new ParamStore(store.specs, new Float32Array(store.size));
  }

  /** Wraps an existing buffer with the layout of `specs` (no copy); its length must match. */
  static fromFlat(specs: readonly ParamSpec[], flat: Float32Array): ParamStore {
    const size = specs.reduce((n, s) => n + numel(s.shape), 0);
    if (flat.length !== size) throw new BertfitError(`ParamStore.fromFlat: buffer has ${flat.length} values, the specs need ${size}`);
    return new ParamStore(specs, flat);
  }

  has(name: string): boolean {
    return this.slots.has(name);
  }

  private slot(name: string): Slot {
    const s = this.slots.get(name);
    if (!s) throw new BertfitError(`ParamStore: no parameter named '${name}'`);
    return s;
  }

  spec(name: string): ParamSpec {
    return this.slot(name).spec;
  }

  /** The tensor's values, a view into `flat` (writes go to the store). */
  view(name: string): Float32Array {
    return this.slot(name).view;
  }

  /** Index of the tensor's first value in `flat`. */
  offset(name: string): number {
    return this.slot(name).offset;
  }

  forEach(fn: (spec: ParamSpec, view: Float32Array, offset: number) => void): void {
    for (const { spec, view, offset } of this.slots.values()) fn(spec, view, offset);
  }

  /**
   * Copies every tensor of the store from `tensors` (shapes checked). Missing or unknown names are
   * errors, all listed at once; `source` names the file in messages.
   */
  loadTensors(tensors: ReadonlyMap<string, TensorLike>, opts: { source: string }): void {
    const missing = this.specs.filter((s) => !tensors.has(s.name)).map((s) => s.name);
    const unknown = [...tensors.keys()].filter((n) => !this.slots.has(n));
    if (missing.length > 0 || unknown.length > 0) {
      const parts = [];
      if (missing.length > 0) parts.push(`missing ${missing.length} tensor(s): ${missing.join(', ')}`);
      if (unknown.length > 0) parts.push(`unexpected ${unknown.length} tensor(s): ${unknown.join(', ')}`);
      throw new BertfitError(`loading parameters from ${opts.source}: ${parts.join('; ')}`);
    }
    for (const spec of this.specs) this.loadOne(spec.name, tensors.get(spec.name)!, opts.source);
  }

  /** Copies one tensor in, checking its shape. */
  loadOne(name: string, t: TensorLike, source: string): void {
    const { spec, view } = this.slot(name);
    const same = t.shape.length === spec.shape.length && t.shape.every((d, i) => d === spec.shape[i]);
    if (!same) {
      throw new BertfitError(`loading parameters from ${source}: tensor '${name}' has shape ${shapeText(t.shape)}, expected ${shapeText(spec.shape)}`);
    }
    if (t.data.length !== view.length) {
      throw new BertfitError(`loading parameters from ${source}: tensor '${name}' has ${t.data.length} values, expected ${view.length}`);
    }
    view.set(t.data);
  }

  /** (name, {shape, data}) in spec order; data are views (no copy), ready for writeSafetensors. */
  *toTensors(): IterableIterator<[string, TensorLike]> {
    for (const { spec, view } of this.slots.values()) yield [spec.name, { shape: [...spec.shape], data: view }];
  }

  /**
   * The first non-finite value (NaN or ±Infinity), by tensor name and flat index, or null. Weights
   * like that train on silently (loss NaN forever) and score like a constant model, so loads and
   * checkpoints check for them.
   */
  firstNonFinite(): { name: string; index: number; value: number } | null {
    const flat = this.flat;
    for (let i = 0; i < flat.length; i++) {
      // x - x is 0 for every finite x and NaN otherwise: one branch per value on the hot path.
      if (flat[i]! - flat[i]! !== 0) {
        for (const { spec, offset, view } of this.slots.values()) {
          if (i < offset + view.length) return { name: spec.name, index: i - offset, value: flat[i]! };
        }
      }
    }
    return null;
  }

  /** Throws naming the tensor, index and value when any value is NaN or infinite; `what` says whose weights. */
  assertFinite(what: string): void {
    const bad = this.firstNonFinite();
    if (bad !== null) {
      throw new BertfitError(`${what}: tensor '${bad.name}' holds ${bad.value} at index ${bad.index}; non-finite weights cannot train or predict`);
    }
  }

  /** A deep copy (own buffer). */
  clone(): ParamStore {
    return new ParamStore(this.specs, this.flat.slice());
  }
}
