// One model's resident training throughput (train.stepsPerRun = K): K optimizer steps of A micro-batches
// per session.run() of the resident graph (ONNX Loop carrying params and AdamW moments; clip and AdamW
// in-graph), on the same batches, dropout and optimizer settings as bench-model.ts. Prints one JSON line
// with the same keys. Usage: tsx bench/bench-resident.ts --model mini|base --steps-per-run K [--steps N]
import { parseArgs } from 'node:util';
import { bertParameterSpecs, countParameters } from '../src/models/bert-params.js';
import { initBertParams } from '../src/models/bert-init.js';
import { AdamW } from '../src/optim/adamw.js';
import { ResidentRuntime } from '../src/runtime/resident-runtime.js';
import { ParamStore } from '../src/runtime/param-store.js';
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
    'steps-per-run': { type: 'string', default: '4' },
  },
});
const { size, cfg } = benchBertConfig(values.model, 'bench');
const [B, T, A, K] = [Number(values.batch), Number(values.seq), Number(values.accumulation), Number(values['steps-per-run'])];
// At least one timed run; the warm-up run is not timed.
const runs = Math.max(1, Math.ceil(Number(values.steps ?? (values.model === 'base' ? 2 : 6)) / K));
const specs = bertParameterSpecs(cfg);
const store = ParamStore.create(specs);
initBertParams(store, cfg, 0);
const adamw = { beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.01 };

const t0 = performance.now();
const rt = await ResidentRuntime.create({ cfg, device: 'cpu', threads: Number(values.threads), dropout: { seed: 1 }, accumulation: A, adamw, maxGradNorm: 1.0 });
const createS = (performance.now() - t0) / 1000;
const adam = new AdamW(store, adamw);
const cw = Float32Array.of(1.18, 0.83, 1.06);
const batches = [makeBenchBatch(B, T, 0), makeBenchBatch(B, T, 1)];
const groups = Array.from({ length: K }, () => Array.from({ length: A }, (_, m) => batches[m % 2]!));
const lrs = new Array<number>(K).fill(2e-5);
let runS = 0;
let cpuS = 0;
for (let r = -1; r < runs; r++) {
  const ta = performance.now();
  const ca = process.cpuUsage();
  await rt.run(store, adam, groups, cw, Math.max(r, 0) * K, lrs);
  const c = process.cpuUsage(ca);
  if (r < 0) continue; // warm-up run (allocations, first-run kernels)
  runS += (performance.now() - ta) / 1000;
  cpuS += (c.user + c.system) / 1e6;
}
const steps = runs * K;
const samples = steps * A * B;
const copies = rt.copies.totals();
const perStep = (n: number): number => Math.round(n / ((runs + 1) * K));
console.log(
  JSON.stringify({
    impl: 'bertfit',
    model: values.model,
    params: countParameters(specs),
    batch: B,
    seq: T,
    accumulation: A,
    threads: Number(values.threads),
    steps_per_run: K,
    optimizer: 'in-graph',
    optimizer_steps: steps,
    session_create_s: +createS.toFixed(2),
    samples_per_s: +(samples / runS).toFixed(2),
    tokens_per_s: +((samples * T) / runS).toFixed(1),
    gflops: +((samples * trainFlopsPerSequence(size, T, 3)) / runS / 1e9).toFixed(1),
    run_s: +(runS / runs).toFixed(3),
    micro_step_cpu_s: +(cpuS / (steps * A)).toFixed(3),
    optimizer_share: 0,
    bytes_in_per_step: perStep(copies.bytesIn),
    bytes_out_per_step: perStep(copies.bytesOut),
    runs_per_step: +(1 / K).toFixed(2),
    peak_rss_mib: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
await rt.release();
