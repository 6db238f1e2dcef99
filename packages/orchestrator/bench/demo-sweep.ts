// `node --import tsx packages/orchestrator/bench/demo-sweep.ts [--keep]`, from the repo root: the main
// job (`npx nx run orchestrator:sweep`, the demo preset's sweep) in a fresh output folder, timed, with
// the load average around it and each trial's training speed, against the demo's targets (best test
// macro-F1 ≥ 0.80, ≤ 2 min on a quiet 2-core machine). A measurement, not a test: it asserts nothing.
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { resolveConfig } from '@bertfit/config';
import { METRICS_LOG_PATH, readMetricsLog } from '@bertfit/train';
import { runSweep } from '../src/sweep/run-sweep.js';
import { trialRunDir } from '../src/sweep/trial-record.js';

const { values } = parseArgs({ options: { keep: { type: 'boolean', default: false } } });
const outputDir = mkdtempSync(join(tmpdir(), 'bertfit-demo-bench-'));
const load = (): string =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

const loadBefore = load();
const started = performance.now();
const s = await runSweep(resolveConfig({ preset: 'demo', set: [`outputDir=${outputDir}`] }), { log: () => undefined });
const wallS = (performance.now() - started) / 1000;
const loadAfter = load();

const speeds: number[] = [];
for (const r of s.records) {
  const runDir = trialRunDir(r);
  const end = runDir ? (await readMetricsLog(join(runDir, METRICS_LOG_PATH))).find((e) => e.type === 'end') : undefined;
  if (end?.type === 'end') speeds.push(end.train_samples_per_second);
}
const row = {
  bench: 'demo-sweep',
  wall_s: Number(wallS.toFixed(1)),
  loadavg_before: loadBefore,
  loadavg_after: loadAfter,
  trials: s.records.length,
  trial_samples_per_second: speeds.map((v) => Math.round(v)),
  best_validation: s.best?.metrics ?? null,
  best_test_f1_macro: s.test?.f1_macro ?? null,
  bow_baseline_test_f1_macro: s.baseline?.f1_macro ?? null,
  leaderboard: s.leaderboard.map((r) => [r.overrides, r.value]),
};
console.log(JSON.stringify(row));
console.log(`demo sweep: ${row.wall_s} s wall (target ≤ 120 s on a quiet 2-core machine; load average ${loadBefore} → ${loadAfter})`);
console.log(`demo sweep: best test macro-F1 ${row.best_test_f1_macro?.toFixed(4)} (target ≥ 0.80), bag of words ${row.bow_baseline_test_f1_macro?.toFixed(4)}`);
if (values.keep) console.log(`demo sweep: kept ${s.sweepDir}`);
else rmSync(outputDir, { recursive: true, force: true });
