import * as ort from 'onnxruntime-node';
import { Graph } from '../graph/graph.js';
import type { Value } from '../graph/graph.js';
import type { DType } from '../graph/dtype.js';
import * as op from '../graph/ops/index.js';
import { staticSize } from '../graph/shape.js';
import { createSession } from '../runtime/session.js';
import { gradients } from './gradients.js';

/** One graph input of a gradient check; `wrt` inputs are differentiated. */
export interface CheckInput {
  dtype: DType;
  shape: number[];
  data: number[];
  wrt?: boolean;
}

export interface GradCheckResult {
  /** Analytic gradient from the autodiff graph, per wrt input. */
  analytic: Map<string, Float64Array>;
  /** Central finite differences of the same scalar, per wrt input. */
  numeric: Map<string, Float64Array>;
  maxAbsErr: number;
}

function tensor(dtype: DType, shape: number[], data: ArrayLike<number>): ort.Tensor {
  switch (dtype) {
    case 'float64':
      return new ort.Tensor('float64', Float64Array.from(data), shape);
    case 'float32':
      return new ort.Tensor('float32', Float32Array.from(data), shape);
    case 'int64':
      return new ort.Tensor(
        'int64',
        BigInt64Array.from(Array.from(data), (x) => BigInt(x)),
        shape,
      );
    case 'int32':
      return new ort.Tensor('int32', Int32Array.from(data), shape);
    case 'bool':
      return new ort.Tensor('bool', Uint8Array.from(data), shape);
    case 'float16':
    case 'bfloat16':
    case 'int8':
    case 'uint8':
      throw new Error(`${dtype} inputs are not supported by gradcheck`);
  }
}

/**
 * Differential test of the autodiff: loss = Σ build(inputs)·R with a fixed pseudo-random R; compares
 * the autodiff gradient of every wrt input with central differences of step `h` (float64 graphs).
 */
export async function gradCheck(
  inputs: Record<string, CheckInput>,
  build: (g: Graph, x: Record<string, Value>) => Value,
  opts: { h?: number; finiteDifferences?: boolean } = {},
): Promise<GradCheckResult> {
  const h = opts.h ?? 1e-6;
  const g = new Graph('gradcheck');
  const xs: Record<string, Value> = {};
  for (const [name, i] of Object.entries(inputs)) xs[name] = g.input(name, i.dtype, i.shape);
  const y = build(g, xs);
  const n = staticSize(y.shape)!;
  const r = Float64Array.from({ length: n }, (_, k) => Math.sin(1.7 * k + 0.3) + 0.1);
  const rv = y.dtype === 'float64' ? g.constant('float64', y.shape, r) : g.constant('float32', y.shape, Float32Array.from(r));
  const weighted = op.mul(g, y, rv);
  const loss = y.shape.length === 0 ? weighted : op.reduceSum(g, weighted, [...y.shape.keys()]);
  const wrt = Object.entries(inputs)
    .filter(([, i]) => i.wrt)
    .map(([name]) => name);
  const grads = gradients(g, { ys: [{ value: loss }], wrt: wrt.map((w) => xs[w]!) });
  g.output('loss', loss);
  for (const w of wrt) g.output(`grad_${w}`, grads.get(xs[w]!)!);
  const session = await createSession(g, { device: { kind: 'cpu' }, threads: 1 });
  const feeds = (override?: [string, number, number]): Record<string, ort.Tensor> => {
    const f: Record<string, ort.Tensor> = {};
    for (const [name, i] of Object.entries(inputs)) {
      const data = [...i.data];
      if (override && override[0] === name) data[override[1]] = data[override[1]]! + override[2];
      f[name] = tensor(i.dtype, i.shape, data);
    }
    return f;
  };
  const base = await session.run(feeds());
  const analytic = new Map<string, Float64Array>();
  const numeric = new Map<string, Float64Array>();
  let maxAbsErr = 0;
  for (const w of wrt) {
    const a = Float64Array.from(base[`grad_${w}`]!.data as Float64Array);
    const num = new Float64Array(inputs[w]!.data.length);
    for (let k = 0; k < (opts.finiteDifferences === false ? 0 : num.length); k++) {
      const plus = Number((await session.run(feeds([w, k, h]))).loss!.data[0]);
      const minus = Number((await session.run(feeds([w, k, -h]))).loss!.data[0]);
      num[k] = (plus - minus) / (2 * h);
      maxAbsErr = Math.max(maxAbsErr, Math.abs(num[k]! - a[k]!));
    }
    analytic.set(w, a);
    numeric.set(w, num);
  }
  await session.release();
  return { analytic, numeric, maxAbsErr };
}
