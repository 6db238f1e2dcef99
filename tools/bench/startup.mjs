#!/usr/bin/env node
// Start-up of the `bertfit` command: the built bin (what users run) against the TypeScript sources
// through tsx, and optionally the bin of another checkout (e.g. one from before the build existed):
//   node tools/bench/startup.mjs [runs=5] [other-checkout]
// Median of the runs, interleaved so load changes hit every row alike; the load average is printed
// because on a shared machine the figures mean little without it.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const runs = Number(process.argv[2] ?? 5);
const fromSource = ['--conditions=@bertfit/source', '--import', 'tsx', 'tools/src/cli.ts'];
const ways = { 'tsx (sources)': fromSource, 'bin (dist)': ['tools/bin/bertfit.js'] };
if (process.argv[3]) ways[`bin of ${process.argv[3]}`] = [join(resolve(process.argv[3]), 'tools', 'bin', 'bertfit.js')];
const commands = { '--help': ['--help'], 'config print': ['config', 'print'] };

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
console.log(`bertfit start-up, median of ${runs} runs (ms); load before: ${loadavg()}`);
for (const [name, args] of Object.entries(commands)) {
  const ms = Object.fromEntries(Object.keys(ways).map((way) => [way, []]));
  for (let i = 0; i < runs; i++) {
    for (const [way, entry] of Object.entries(ways)) {
      const t0 = process.hrtime.bigint();
      execFileSync(process.execPath, [...entry, ...args], { cwd: root, stdio: 'ignore', env: { ...process.env, NO_COLOR: '1' } });
      ms[way].push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
  }
  console.log(
    `  bertfit ${name.padEnd(13)} ${Object.entries(ms)
      .map(([way, xs]) => `${way} ${median(xs).toFixed(0)}`)
      .join(', ')}`,
  );
}
console.log(`load after: ${loadavg()}`);
