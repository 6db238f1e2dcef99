// One model's training throughput with bertfit (run in its own process so peak RSS is per model):
// micro-steps of batch × seq (dropout on), accumulation A, then clip + AdamW in JS, timed apart.
// Prints one JSON line. Usage: tsx bench/bench-model.ts --model mini|base [--steps N] [--threads T]
import { parseArgs } from 'node:util';
import type { Batch } from '@bertfit/data';
import { bertParameterSpecs, countParameters } from '../src/models/bert-params.js';
import { initBertParams } from '../src/models/bert-init.js';
import { AdamW } from '../src/optim/adamw.js';
import { clipCoefficient, globalGradNorm } from '../src/optim/clip.js';
import { BertRuntime } from '../src/runtime/bert-runtime.js';
import type { SessionTuning } from '../src/runtime/bert-runtime.js';
import { ParamStore } from '../src/runtime/param-store.js';
import type { OptimizationLevel } from '../src/runtime/session.js';
import { dropoutKey, fillKeepMask } from '../src/runtime/dropout-masks.js';
import { makeBenchBatch } from './batches.js';
import { benchBertConfig } from './bench-config.js';
import { trainFlopsPerSequence } from './sizes.js';

const { values } = parseArgs({
  options: {
    model: { type: 'string', default: 'mini' },
    steps: { type: 'string' },
    threads: { type: 'string', default: '2' },
    batch: { type: 'string', default: '32' },
    seq: { type: 'string', default: '64' },
    accumulation: { type: 'string', default: '2' },
    optimization: { type: 'string', default: 'all' },
    /** JSON SessionTuning, e.g. '{"memArena":false}'. */
    tuning: { type: 'string', default: '{}' },
    /** 'cls' (default) or 'all': the last layer for [CLS] rows only or every row (A/B). */
    'last-layer': { type: 'string', default: 'cls' },
    /** 'simd' (default) or 'js': the optimizer implementation (A/B). */
    optimizer: { type: 'string', default: 'simd' },
  },
});
const { size, cfg } = benchBertConfig(values.model, 'bench');
const B = Number(values.batch);
const T = Number(values.seq);
const A = Number(values.accumulation);
const steps = Number(values.steps ?? (values.model === 'base' ? 2 : 6));
const specs = bertParameterSpecs(cfg);
const store = ParamStore.create(specs);
initBertParams(store, cfg, 0);

const makeBatch = (k: number): Batch => makeBenchBatch(B, T, k);

const t0 = performance.now();
const rt = await BertRuntime.create({
  cfg,
  device: 'cpu',
  threads: Number(values.threads),
  optimization: values.optimization as OptimizationLevel,
  dropout: { seed: 1 },
  tuning: JSON.parse(values.tuning!) as SessionTuning,
  lastLayer: values['last-layer'] as 'all' | 'cls',
});
const createS = (performance.now() - t0) / 1000;
const adam = new AdamW(store, { beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.01 }, { simd: values.optimizer !== 'js' });
const acc = new Float32Array(store.size);
const cw = Float32Array.of(1.18, 0.83, 1.06);
const batches = [makeBatch(0), makeBatch(1)];
let microS = 0;
let microCpuS = 0;
let optS = 0;
let samples = 0;
for (let step = -1; step < steps; step++) {
  const ta = performance.now();
  const ca = process.cpuUsage();
  acc.fill(0);
  let wsum = 0;
  for (let m = 0; m < A; m++) wsum += (await rt.trainMicroStep(store, batches[m % 2]!, cw, { step: Math.max(step, 0), micro: m }, acc)).weightSum;
  const tb = performance.now();
  const cb = process.cpuUsage(ca);
  // As the Trainer's optimizerStep: the weighted mean and the clip factor are folded into AdamW's gradScale.
  const norm = globalGradNorm(acc) / wsum;
  adam.step(acc, 2e-5, clipCoefficient(norm, 1.0) / wsum);
  const tc = performance.now();
  if (step < 0) continue; // warm-up step (allocations, first-run kernels)
  microS += (tb - ta) / 1000;
  microCpuS += (cb.user + cb.system) / 1e6;
  optS += (tc - tb) / 1000;
  samples += A * B;
}
// Cost of the JS dropout masks per micro-step (included in the micro-step time above).
const maskElems = rt.train.sites.reduce(
  (n: number, s: { shape: (string | number)[] }) => n + s.shape.reduce<number>((p, d) => p * (d === 'batch' ? B : d === 'seq' ? T : d === 'batch*seq' ? B * T : (d as number)), 1),
  0,
);
const maskBuf = new Uint8Array(maskElems);
const tm = performance.now();
fillKeepMask(maskBuf, dropoutKey(1, 0, 0, 0), 0.1);
const maskS = (performance.now() - tm) / 1000;
const total = microS + optS;
// Every step (the warm-up included) feeds and fetches the same bytes: totals / (steps + 1).
const copies = rt.copies.totals();
const perStep = (n: number): number => Math.round(n / (steps + 1));
const flops = samples * trainFlopsPerSequence(size, T, 3);
console.log(
  JSON.stringify({
    impl: 'bertfit',
    model: values.model,
    params: countParameters(specs),
    batch: B,
    seq: T,
    accumulation: A,
    threads: Number(values.threads),
    optimization: values.optimization,
    tuning: values.tuning,
    last_layer: values['last-layer'],
    optimizer: adam.implementation,
    optimizer_steps: steps,
    session_create_s: +createS.toFixed(2),
    samples_per_s: +(samples / total).toFixed(2),
    tokens_per_s: +((samples * T) / total).toFixed(1),
    gflops: +(flops / total / 1e9).toFixed(1),
    micro_step_s: +(microS / (steps * A)).toFixed(3),
    micro_step_cpu_s: +(microCpuS / (steps * A)).toFixed(3),
    optimizer_s: +(optS / steps).toFixed(3),
    optimizer_share: +(optS / total).toFixed(3),
    dropout_mask_s: +maskS.toFixed(3),
    bytes_in_per_step: perStep(copies.bytesIn),
    bytes_out_per_step: perStep(copies.bytesOut),
    runs_per_step: +(copies.runs / (steps + 1)).toFixed(2),
    peak_rss_mib: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
await rt.release();
