// `npx nx run train:bench`: bertfit's training throughput for bert-mini and bert-base (random init)
// at batch 32 × 64 tokens, next to the PyTorch reference (../shared/reference/bench_speed.py) run in
// the same invocation when /usr/bin/python3 has torch. Each side runs in its own process (peak RSS).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sharedDir } from '@bertfit/config';
import { threadsLine, torchReferenceEnv } from '../../../tools/bench/openblas-kernel.js';

const { values } = parseArgs({
  options: {
    models: { type: 'string', default: 'mini,base' },
    threads: { type: 'string', default: '2' },
    /** JSON SessionTuning passed to bench-model.ts, e.g. '{"allowSpinning":true}'. */
    tuning: { type: 'string', default: '{}' },
    'mini-steps': { type: 'string', default: '6' },
    'base-steps': { type: 'string', default: '2' },
    'no-torch': { type: 'boolean', default: false },
    /** Resident rows (train.stepsPerRun = K, bench-resident.ts) after the ordinary K = 1 row, e.g. '4' or '2,4'; '' for none. */
    'steps-per-run': { type: 'string', default: '4' },
    /** Model for the replicas-vs-threads rows (bench/replicas.bench.ts); '' for none. */
    replicas: { type: 'string', default: 'mini' },
  },
});
const here = fileURLToPath(new URL('.', import.meta.url));
const torchEnv = torchReferenceEnv();
type Row = Record<string, number | string>;

function lastJson(out: string, pick: (r: Row) => boolean): Row | null {
  const rows = out
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Row);
  return rows.filter(pick).at(-1) ?? null;
}

function bertfit(model: string, stepsPerRun = 1): Row {
  const steps = values[model === 'base' ? 'base-steps' : 'mini-steps']!;
  const [script, extra] = stepsPerRun === 1 ? ['bench-model.ts', ['--tuning', values.tuning!]] : ['bench-resident.ts', ['--steps-per-run', String(stepsPerRun)]];
  const r = spawnSync(
    process.execPath,
    ['--conditions=@bertfit/source', '--import', 'tsx', join(here, script), '--model', model, '--steps', steps, '--threads', values.threads!, ...extra],
    { encoding: 'utf8', maxBuffer: 1 << 24 },
  );
  const row = lastJson(r.stdout, (x) => x.impl === 'bertfit');
  if (r.status !== 0 || row === null) throw new Error(`bertfit bench for ${model} (K = ${stepsPerRun}) failed (exit ${r.status}): ${r.stderr.slice(-2000)}`);
  return row;
}

// Runs bench_speed.py unmodified in-process and appends the interpreter's peak RSS.
const TORCH_WRAPPER = `import resource, runpy, sys, json
script = sys.argv[1]; sys.argv = sys.argv[1:]
runpy.run_path(script, run_name='__main__')
print(json.dumps({'kind': 'rss', 'peak_rss_mib': round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}))`;

function torch(model: string, shared: string): Row | string {
  const steps = values[model === 'base' ? 'base-steps' : 'mini-steps']!;
  const args = [
    '-c',
    TORCH_WRAPPER,
    join(shared, 'reference', 'bench_speed.py'),
    '--models',
    model,
    '--threads',
    '1/2',
    '--batch-sizes',
    '32',
    '--seq-modes',
    'fixed64',
    '--infer',
    '',
    '--train-steps',
    steps,
  ];
  const r = spawnSync('/usr/bin/python3', args, { encoding: 'utf8', env: torchEnv.env, maxBuffer: 1 << 24 });
  const train = lastJson(r.stdout, (x) => x.kind === 'train');
  const rss = lastJson(r.stdout, (x) => x.kind === 'rss');
  if (r.status !== 0 || train === null) return `PyTorch reference failed (exit ${r.status}): ${r.stderr.trim().split('\n').at(-1)}`;
  console.log(threadsLine(`${values.threads} intra-op (ORT)`, train.thread_info));
  return { ...train, peak_rss_mib: rss?.peak_rss_mib ?? 'n/a' };
}

const shared = sharedDir();
const torchWhy = values['no-torch']
  ? '--no-torch given'
  : !existsSync('/usr/bin/python3')
    ? 'no /usr/bin/python3'
    : spawnSync('/usr/bin/python3', ['-c', 'import torch'], { encoding: 'utf8' }).status !== 0
      ? '/usr/bin/python3 has no torch (apt-get install python3-torch)'
      : shared === null
        ? 'the shared folder (vocab, tweets) is absent'
        : null;
console.log(torchEnv.line);
console.log(
  `loadavg at start: ${(await import('node:os'))
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')} (timings on a shared machine are noisy)`,
);
const lines: string[] = [];
const copyLines: string[] = [];
const mb = (bytes: number | string): string => (Number(bytes) / 1e6).toFixed(1);
for (const model of values.models!.split(',')) {
  const b = bertfit(model);
  console.log(JSON.stringify(b));
  copyLines.push(`| ${model} | 1 | ${b.samples_per_s} | ${b.runs_per_step} | ${mb(b.bytes_in_per_step!)} | ${mb(b.bytes_out_per_step!)} |`);
  const t = torchWhy === null ? torch(model, shared!) : `skipped: ${torchWhy}`;
  console.log(typeof t === 'string' ? `torch ${model}: ${t}` : JSON.stringify({ impl: 'torch', ...t }));
  const ratio = (k: string, tk: string, row = b): string => (typeof t === 'string' ? 'n/a' : (Number(row[k]) / Number(t[tk])).toFixed(2));
  lines.push(
    `| ${model} | bertfit | ${b.samples_per_s} | ${b.tokens_per_s} | ${b.gflops} | ${(Number(b.optimizer_share) * 100).toFixed(1)}% (A=${b.accumulation}) | ${b.peak_rss_mib} |`,
  );
  if (typeof t !== 'string') {
    lines.push(`| ${model} | torch 1/2 thr | ${t.samples_per_s} | ${t.padded_tokens_per_s} | ${t.est_gflops} | – | ${t.peak_rss_mib} |`);
    lines.push(`| ${model} | ratio | ${ratio('samples_per_s', 'samples_per_s')}× | | ${ratio('gflops', 'est_gflops')}× | | ${ratio('peak_rss_mib', 'peak_rss_mib')}× RSS |`);
  }
  // Resident mode: K steps per run, clip + AdamW in the graph (its time is inside the run).
  for (const k of values['steps-per-run']!.split(',').filter(Boolean).map(Number)) {
    const rk = bertfit(model, k);
    console.log(JSON.stringify(rk));
    lines.push(`| ${model} | bertfit K=${k} | ${rk.samples_per_s} | ${rk.tokens_per_s} | ${rk.gflops} | in the run | ${rk.peak_rss_mib} |`);
    if (typeof t !== 'string')
      lines.push(`| ${model} | ratio K=${k} | ${ratio('samples_per_s', 'samples_per_s', rk)}× | | | | ${ratio('peak_rss_mib', 'peak_rss_mib', rk)}× RSS |`);
    copyLines.push(`| ${model} | ${k} | ${rk.samples_per_s} | ${rk.runs_per_step} | ${mb(rk.bytes_in_per_step!)} | ${mb(rk.bytes_out_per_step!)} |`);
  }
}
console.log(`\nbatch 32 × 64 tokens, dropout on; GFLOP/s = 3 × (L(2s(4H²+2HI) + 4s²H) + 2H² + 2HC) per sequence\n`);
console.log('| model | impl | samples/s | tokens/s | GFLOP/s | optimizer share | peak RSS MiB |');
console.log('|---|---|---|---|---|---|---|');
for (const l of lines) console.log(l);
console.log('\nbytes in / out per optimizer step (K = train.stepsPerRun; on CPU the inputs are zero-copy views, on a GPU each is a host→device copy)\n');
console.log('| model | K | samples/s | run() calls / step | MB in / step | MB out / step |\n|---|---|---|---|---|---|');
for (const c of copyLines) console.log(c);

// Data parallelism on the CPU: R replicas × 1 thread against 1 replica × R threads, same global batches.
for (const model of values.replicas!.split(',').filter(Boolean)) {
  const r = spawnSync(process.execPath, ['--conditions=@bertfit/source', '--import', 'tsx', join(here, 'replicas.bench.ts'), '--model', model, '--threads', values.threads!], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  const rows = r.stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Row);
  if (r.status !== 0 || rows.length < 3) {
    console.log(`\nreplicas bench for ${model} failed (exit ${r.status}): ${r.stderr.slice(-1000)}`);
    continue;
  }
  console.log(`\nreplicas vs threads (${model}, global batch ${rows[0]!.global_batch} × ${rows[0]!.seq}, accumulation ${rows[0]!.accumulation})\n`);
  console.log('| setting | samples/s | step s |\n|---|---|---|');
  for (const row of rows.slice(0, 2)) console.log(`| ${row.replicas} replica(s) × ${row.threads_per_replica} thread(s) | ${row.samples_per_s} | ${row.step_s} |`);
  console.log(`\n${JSON.stringify(rows[2])}`);
}
