import { BertfitError } from '@bertfit/core';
import type { Graph, Value } from '../graph.js';
import type { Dim } from '../shape.js';
import { formatShape } from '../shape.js';
import { expectDType } from './check.js';

export interface LoopResult {
  /** The loop-carried values after the last iteration. */
  finals: Value[];
  /** The body's scan outputs, stacked along a new first axis (one row per iteration). */
  scans: Value[];
}

/**
 * ONNX Loop run `trips` times (no termination condition). `body` comes from `g.subgraph(...)`; its
 * inputs are (iter int64 [], cond bool [], carried…), its outputs (cond, carried'…, scan…). It may read
 * any value of `g` by name (outer scope), e.g. stacked per-iteration data picked with Gather(x, iter).
 */
export function loop(g: Graph, trips: Value, initial: readonly Value[], body: Graph, tripDim: Dim = 'trips'): LoopResult {
  expectDType('Loop', 'trips', trips, ['int64']);
  if (body.parent !== g) throw new BertfitError(`Loop: body '${body.name}' is not a subgraph of '${g.name}' (make it with g.subgraph())`);
  const n = initial.length;
  if (body.inputs.length !== n + 2) throw new BertfitError(`Loop: body '${body.name}' has ${body.inputs.length} inputs, expected iter, cond and ${n} carried`);
  if (body.outputs.length < n + 1) throw new BertfitError(`Loop: body '${body.name}' has ${body.outputs.length} outputs, expected cond and ${n} carried (then scans)`);
  const [iter, cond] = body.inputs as [Value, Value];
  if (iter.dtype !== 'int64' || iter.shape.length !== 0) throw new BertfitError(`Loop: body input 0 '${iter.name}' must be int64 [], got ${iter.dtype} ${formatShape(iter.shape)}`);
  for (const [k, c] of [
    [1, cond],
    [0, body.outputs[0]!],
  ] as const) {
    if (c.dtype !== 'bool' || c.shape.length !== 0)
      throw new BertfitError(`Loop: body ${k === 1 ? 'input 1' : 'output 0'} '${c.name}' must be bool [], got ${c.dtype} ${formatShape(c.shape)}`);
  }
  initial.forEach((v, i) => {
    const [bin, bout] = [body.inputs[i + 2]!, body.outputs[i + 1]!];
    if (bin.dtype !== v.dtype || bout.dtype !== v.dtype) {
      throw new BertfitError(`Loop: carried value ${i} '${v.name}' is ${v.dtype}, the body's input '${bin.name}' ${bin.dtype} and output '${bout.name}' ${bout.dtype}`);
    }
  });
  const outputs = [...initial.map((v) => ({ dtype: v.dtype, shape: v.shape })), ...body.outputs.slice(n + 1).map((o) => ({ dtype: o.dtype, shape: [tripDim, ...o.shape] }))];
  const outs = g.node('Loop', [trips, null, ...initial], outputs, { body: { kind: 'graph', value: body } });
  return { finals: outs.slice(0, n), scans: outs.slice(n) };
}
