// Data parallelism on the CPU: the same global micro-batches trained by 1 replica with `threads`
// intra-op threads, and by `threads` replicas (worker threads) with 1 thread each. Optimizer steps as
// the Trainer's: gradients summed over micro-batches and replicas, clip + AdamW on this thread.
// Prints one JSON line per setting and the ratio; no assertions.
// Usage: node --import tsx bench/replicas.bench.ts [--model mini] [--threads 2] [--batch 32] [--seq 64] [--accumulation 2] [--steps 4]
import { parseArgs } from 'node:util';
import { bertParameterSpecs } from '../src/models/bert-params.js';
import { initBertParams } from '../src/models/bert-init.js';
import { AdamW } from '../src/optim/adamw.js';
import { clipCoefficient, globalGradNorm } from '../src/optim/clip.js';
import { ParamStore } from '../src/runtime/param-store.js';
import { createReplicas } from '../src/runtime/replicas.js';
import { makeBenchBatch } from './batches.js';
import { benchBertConfig } from './bench-config.js';

const { values } = parseArgs({
  options: {
    model: { type: 'string', default: 'mini' },
    threads: { type: 'string', default: '2' },
    /** Rows per global micro-batch (each of R replicas gets batch / R). */
    batch: { type: 'string', default: '32' },
    seq: { type: 'string', default: '64' },
    accumulation: { type: 'string', default: '2' },
    steps: { type: 'string', default: '4' },
  },
});
const { cfg } = benchBertConfig(values.model, 'bench');
const [threads, B, T, A, steps] = [values.threads, values.batch, values.seq, values.accumulation, values.steps].map(Number) as [number, number, number, number, number];
const cw = Float32Array.of(1.18, 0.83, 1.06);
const group = Array.from({ length: A }, (_, m) => makeBenchBatch(B, T, m));

async function measure(replicas: number, threadsEach: number): Promise<number> {
  const store = ParamStore.create(bertParameterSpecs(cfg), { shared: replicas > 1 });
  initBertParams(store, cfg, 0);
  const t0 = performance.now();
  const pool = await createReplicas({ runtime: { cfg, threads: threadsEach, dropout: { seed: 1 } }, devices: Array(replicas).fill('cpu'), store, classWeights: cw });
  const createS = (performance.now() - t0) / 1000;
  const adam = new AdamW(store, { beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.01 });
  const grads = new Float32Array(store.size);
  let seconds = 0;
  try {
    for (let step = -1; step < steps; step++) {
      const start = performance.now();
      const { weightSum } = await pool.gradients(group, { step: Math.max(step, 0) }, grads);
      adam.step(grads, 2e-5, clipCoefficient(globalGradNorm(grads) / weightSum, 1.0) / weightSum);
      if (step >= 0) seconds += (performance.now() - start) / 1000; // step -1 warms up
    }
  } finally {
    await pool.release();
  }
  const samplesPerS = (steps * A * B) / seconds;
  console.log(
    JSON.stringify({
      impl: 'bertfit',
      model: values.model,
      replicas,
      threads_per_replica: threadsEach,
      global_batch: B,
      seq: T,
      accumulation: A,
      optimizer_steps: steps,
      create_s: +createS.toFixed(2),
      samples_per_s: +samplesPerS.toFixed(2),
      step_s: +(seconds / steps).toFixed(3),
    }),
  );
  return samplesPerS;
}

const single = await measure(1, threads);
const parallel = await measure(threads, 1);
console.log(
  JSON.stringify({
    model: values.model,
    [`replicas_${threads}x1_vs_1x${threads}`]: +(parallel / single).toFixed(3),
    loadavg: (await import('node:os')).loadavg().map((l) => +l.toFixed(2)),
  }),
);
