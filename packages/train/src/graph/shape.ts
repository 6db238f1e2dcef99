import { BertfitError } from '@bertfit/core';

/** A dimension: a fixed size, or a symbolic name ('batch', 'seq') that is equal only to itself. */
export type Dim = number | string;
export type Shape = readonly Dim[];

export function formatShape(s: Shape): string {
  return `[${s.join(',')}]`;
}

export function dimsEqual(a: Dim, b: Dim): boolean {
  return a === b;
}

/** The static element count, or null when a dimension is symbolic. */
export function staticSize(s: Shape): number | null {
  let n = 1;
  for (const d of s) {
    if (typeof d !== 'number') return null;
    n *= d;
  }
  return n;
}

/** Numpy broadcasting of two shapes; symbolic dims broadcast only against 1 or themselves. */
export function broadcastShapes(op: string, a: Shape, b: Shape): Dim[] {
  const rank = Math.max(a.length, b.length);
  const out: Dim[] = [];
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da === 1) out.push(db);
    else if (db === 1 || dimsEqual(da, db)) out.push(da);
    else {
      throw new BertfitError(`${op}: inputs 'a' ${formatShape(a)} and 'b' ${formatShape(b)} do not broadcast (axis ${i}: ${da} vs ${db})`);
    }
  }
  return out;
}

/** Normalises a possibly negative axis against a rank, or throws naming the op. */
export function normAxis(op: string, axis: number, rank: number): number {
  const a = axis < 0 ? axis + rank : axis;
  if (!Number.isInteger(a) || a < 0 || a >= rank) {
    throw new BertfitError(`${op}: axis ${axis} is out of range for rank ${rank}`);
  }
  return a;
}
