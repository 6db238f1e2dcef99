#!/usr/bin/env node
// Sums the per-run JSON summaries of tools/jest/summary-reporter.cjs plus extra check results
// ("name:passed|failed" arguments; a failed one counts as one failure) and prints the closing line CI reads: `N passed, N failed`.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const [dir, ...checks] = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;
const rows = [];
if (dir && existsSync(dir)) {
  for (const name of readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const s = JSON.parse(readFileSync(join(dir, name), 'utf8'));
    passed += s.passed;
    failed += s.failed;
    skipped += s.skipped;
    rows.push(`${s.project.padEnd(14)} ${s.kind.padEnd(7)} ${String(s.passed).padStart(4)} passed ${String(s.failed).padStart(3)} failed`);
    for (const suite of s.brokenSuites) rows.push(`  broken suite: ${suite}`);
  }
}
for (const check of checks) {
  const [name, result] = check.split(':');
  // A step's own tests are counted from its jest summaries; the step itself only counts when it fails
  // (npm ci, a typecheck, a suite that crashed before reporting).
  if (result !== 'passed') failed += 1;
  rows.push(`${name.padEnd(22)} ${result}`);
}
console.log(rows.join('\n'));
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exitCode = failed > 0 ? 1 : 0;
