// Bytes that cross session.run(), per direction and kind. On CPU the feeds are zero-copy views, but on
// any other device each one is a host→device copy; every output is a fresh host copy (onnxruntime-node
// allocates outputs even with fetches), so these counts are what a resident mode saves.
import type * as ort from 'onnxruntime-node';

/** What a fed or fetched tensor is: the state (params, moments), the data, or step scalars / results. */
export type CopyKind = 'params' | 'moments' | 'batch' | 'masks' | 'scalars' | 'grads' | 'results';

export interface CopyTotals {
  /** session.run() calls counted. */
  runs: number;
  bytesIn: number;
  bytesOut: number;
  in: Partial<Record<CopyKind, number>>;
  out: Partial<Record<CopyKind, number>>;
}

export type Tensors = Readonly<Record<string, ort.Tensor>>;

/** A tensor's payload size (its typed array's bytes; bool is one byte per element). */
export function tensorBytes(t: ort.Tensor): number {
  return (t.data as ArrayBufferView).byteLength;
}

function add(into: Partial<Record<CopyKind, number>>, kind: CopyKind, tensors: Tensors): number {
  let n = 0;
  for (const t of Object.values(tensors)) n += tensorBytes(t);
  into[kind] = (into[kind] ?? 0) + n;
  return n;
}

/** Running totals of one runtime's run() traffic; the bench divides them by optimizer steps. */
export class CopyCounter {
  private t: CopyTotals = { runs: 0, bytesIn: 0, bytesOut: 0, in: {}, out: {} };

  /** Counts one run: its feeds and its outputs, each split by kind. */
  count(feeds: Partial<Record<CopyKind, Tensors>>, outputs: Partial<Record<CopyKind, Tensors>>): void {
    this.t.runs += 1;
    for (const [kind, tensors] of Object.entries(feeds) as [CopyKind, Tensors][]) this.t.bytesIn += add(this.t.in, kind, tensors);
    for (const [kind, tensors] of Object.entries(outputs) as [CopyKind, Tensors][]) this.t.bytesOut += add(this.t.out, kind, tensors);
  }

  /** A copy of the totals so far. */
  totals(): CopyTotals {
    return { ...this.t, in: { ...this.t.in }, out: { ...this.t.out } };
  }

  reset(): void {
    this.t = { runs: 0, bytesIn: 0, bytesOut: 0, in: {}, out: {} };
  }
}

/** Splits a run's outputs into gradients (names starting 'grad') and the rest. */
export function splitGradOutputs(out: Tensors): { grads: Tensors; results: Tensors } {
  const grads: Record<string, ort.Tensor> = {};
  const results: Record<string, ort.Tensor> = {};
  for (const [k, v] of Object.entries(out)) (k.startsWith('grad') ? grads : results)[k] = v;
  return { grads, results };
}
