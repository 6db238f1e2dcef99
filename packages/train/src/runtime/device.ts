import { BertfitError } from '@bertfit/core';

/** Where a runtime's sessions run: the CPU now; `cuda:N` is parsed and reported clearly until supported. */
export type Device = { kind: 'cpu' } | { kind: 'cuda'; index: number };

export function parseDevice(spec: string): Device {
  if (spec === 'cpu') return { kind: 'cpu' };
  const m = /^cuda:(\d+)$/.exec(spec);
  if (m) return { kind: 'cuda', index: Number(m[1]) };
  throw new BertfitError(`device '${spec}' is not valid (expected 'cpu' or 'cuda:N')`);
}

export function formatDevice(d: Device): string {
  return d.kind === 'cpu' ? 'cpu' : `cuda:${d.index}`;
}
