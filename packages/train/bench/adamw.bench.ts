// Micro-benchmark of the optimizer step over bert-base (random init sizes, 3 labels, ~109.5 M floats):
// global grad norm + AdamW.step (clip factor fused as gradScale), and the unfused variant
// (clipGradNorm in place, then step). Run: npx tsx packages/train/bench/adamw.bench.ts [--steps N]
import { AdamW } from '../src/optim/adamw.js';
import { clipCoefficient, clipGradNorm, globalGradNorm } from '../src/optim/clip.js';
import { fillNormal } from '../src/models/bert-init.js';
import { bertParameterSpecs, countParameters } from '../src/models/bert-params.js';
import { parseBertConfig, withArchitectureOverrides } from '../src/models/bert-config.js';
import { ParamStore } from '../src/runtime/param-store.js';

const arg = process.argv.indexOf('--steps');
const steps = arg > 0 ? Number(process.argv[arg + 1]) : 5;
const cfg = withArchitectureOverrides(parseBertConfig({}, 'bert-base defaults'), { id2label: ['negative', 'neutral', 'positive'] });
const specs = bertParameterSpecs(cfg);
const params = ParamStore.create(specs);
const grads = ParamStore.zerosLike(params);
fillNormal(params.flat, 0.02, 1);
fillNormal(grads.flat, 1e-3, 2);
const opt = new AdamW(params, { beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.01 });
const optJs = new AdamW(params, { beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.01 }, { simd: false });

function time(label: string, fn: () => void): void {
  fn(); // warm-up: JIT and first touch of the moment buffers
  const ms: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < steps; i++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    fn();
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
    ms.push(performance.now() - t0);
  }
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  // CPU time is the less load-sensitive figure on a shared machine (wall time includes waiting for a core).
  console.log(
    `${label.padEnd(34)} wall median ${med(ms).toFixed(1).padStart(7)} ms, min ${Math.min(...ms)
      .toFixed(1)
      .padStart(7)} ms; ` + `cpu median ${med(cpu).toFixed(1).padStart(7)} ms  (${steps} runs, ${((med(cpu) * 1e6) / params.size).toFixed(2)} ns/float cpu)`,
  );
}

console.log(`AdamW bench: ${countParameters(specs).toLocaleString('en')} floats (bert-base, ${specs.length} tensors), node ${process.version}`);
time('globalGradNorm', () => void globalGradNorm(grads.flat));
time('AdamW.step (JS loop, float64)', () => optJs.step(grads.flat, 2e-5));
time('AdamW.step (SIMD kernel)', () => opt.step(grads.flat, 2e-5));
time('norm + AdamW.step(gradScale)', () => opt.step(grads.flat, 2e-5, clipCoefficient(globalGradNorm(grads.flat), 1.0)));
time('clipGradNorm (in place) + step', () => {
  clipGradNorm(grads.flat, 1e-3); // a max below the norm so the scaling pass really runs
  opt.step(grads.flat, 2e-5);
});
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
