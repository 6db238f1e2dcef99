// ORT per-op-type kernel time of bertfit's training micro-step. Usage:
// tsx bench/profile-step.ts --model mini [--runs 3] [--threads 1] [--optimization all]
// Runs one warm-up micro-step, then profiles `runs` more and prints op type → ms per micro-step, share, nodes.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { bertParameterSpecs } from '../src/models/bert-params.js';
import { initBertParams } from '../src/models/bert-init.js';
import { BertRuntime } from '../src/runtime/bert-runtime.js';
import { ParamStore } from '../src/runtime/param-store.js';
import type { OptimizationLevel } from '../src/runtime/session.js';
import { makeBenchBatch } from './batches.js';
import { benchBertConfig } from './bench-config.js';

const { values } = parseArgs({
  options: {
    model: { type: 'string', default: 'mini' },
    runs: { type: 'string', default: '3' },
    threads: { type: 'string', default: '1' },
    optimization: { type: 'string', default: 'all' },
    nodes: { type: 'string', default: '0' },
    batch: { type: 'string', default: '32' },
    seq: { type: 'string', default: '64' },
  },
});
const { cfg } = benchBertConfig(values.model, 'profile');
const store = ParamStore.create(bertParameterSpecs(cfg));
initBertParams(store, cfg, 0);
const dir = mkdtempSync(join(tmpdir(), 'bertfit-prof-'));
const rt = await BertRuntime.create({
  cfg,
  threads: Number(values.threads),
  optimization: values.optimization as OptimizationLevel,
  dropout: { seed: 1 },
  tuning: { profilePrefix: join(dir, 'step') },
});
const batch = makeBenchBatch(Number(values.batch), Number(values.seq), 0);
const cw = Float32Array.of(1.18, 0.83, 1.06);
const runs = Number(values.runs);
for (let i = 0; i <= runs; i++) await rt.trainMicroStep(store, batch, cw, { step: i, micro: 0 });
rt.endProfiling();
const file = readdirSync(dir).find((f) => f.endsWith('.json'));
if (!file) throw new Error(`no profile written in ${dir}`);
type Ev = { cat: string; name: string; dur: number; args?: { op_name?: string; input_type_shape?: unknown; output_type_shape?: unknown } };
const events = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Ev[];
rmSync(dir, { recursive: true });
const runTimes = events.filter((e) => e.cat === 'Session' && e.name === 'model_run').map((e) => e.dur / 1000);
const byOp = new Map<string, { us: number; nodes: Set<string> }>();
for (const e of events) {
  if (e.cat !== 'Node' || !e.name.endsWith('_kernel_time') || !e.args?.op_name) continue;
  const r = byOp.get(e.args.op_name) ?? { us: 0, nodes: new Set<string>() };
  r.us += e.dur;
  r.nodes.add(e.name);
  byOp.set(e.args.op_name, r);
}
// The first model_run is the warm-up; kernel events of all runs are summed, so divide by runs + 1.
const total = [...byOp.values()].reduce((s, r) => s + r.us, 0);
console.log(`model_run ms: ${runTimes.map((t) => t.toFixed(0)).join(', ')}; kernel ms per run ${(total / 1000 / (runs + 1)).toFixed(0)}`);
for (const [name, r] of [...byOp].sort((a, b) => b[1].us - a[1].us)) {
  console.log(`${name.padEnd(24)} ${(r.us / 1000 / (runs + 1)).toFixed(1).padStart(8)} ms ${((100 * r.us) / total).toFixed(1).padStart(5)} %  ${r.nodes.size} nodes`);
}
// --nodes N: the N slowest nodes with their input shapes (which products dominate).
const perNode = new Map<string, { us: number; ev: Ev }>();
for (const e of events) {
  if (e.cat !== 'Node' || !e.name.endsWith('_kernel_time')) continue;
  const r = perNode.get(e.name) ?? { us: 0, ev: e };
  r.us += e.dur;
  perNode.set(e.name, r);
}
for (const [name, r] of [...perNode].sort((a, b) => b[1].us - a[1].us).slice(0, Number(values.nodes))) {
  console.log(`${(r.us / 1000 / (runs + 1)).toFixed(1).padStart(7)} ms ${name} ${JSON.stringify(r.ev.args?.input_type_shape)}`);
}
await rt.release();
