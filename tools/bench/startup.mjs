#!/usr/bin/env node
// Start-up of the `bertfit` command: the built bin (what users run) against the TypeScript sources
// through tsx (what bin/bertfit.js ran before the build existed). Median of N runs each; the load
// average is printed because the figures on a shared machine mean little without it.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const runs = Number(process.argv[2] ?? 5);
const fromSource = ['--conditions=@bertfit/source', '--import', 'tsx', 'tools/src/cli.ts'];
const ways = { 'tsx (sources)': fromSource, 'bin (dist)': ['tools/bin/bertfit.js'] };
const commands = { '--help': ['--help'], 'config print': ['config', 'print'] };

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
console.log(`bertfit start-up, median of ${runs} runs (ms); load before: ${loadavg()}`);
for (const [name, args] of Object.entries(commands)) {
  const row = [];
  for (const [way, entry] of Object.entries(ways)) {
    const ms = [];
    for (let i = 0; i < runs; i++) {
      const t0 = process.hrtime.bigint();
      execFileSync(process.execPath, [...entry, ...args], { cwd: root, stdio: 'ignore', env: { ...process.env, NO_COLOR: '1' } });
      ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    row.push(`${way} ${median(ms).toFixed(0)}`);
  }
  console.log(`  bertfit ${name.padEnd(13)} ${row.join(', ')}`);
}
console.log(`load after: ${loadavg()}`);
