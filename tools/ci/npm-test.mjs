#!/usr/bin/env node
// `npm test`: every project's unit tests through nx, then one closing total line, `N passed, N failed`,
// summed from the jest summaries (tools/jest/summary-reporter.cjs); nx alone ends with per-project
// lines. Extra arguments go to nx (e.g. `npm test -- --projects=config`). Under .ci/run the
// summaries go to its BERTFIT_TEST_RESULTS as well, for its own closing line.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const given = process.env.BERTFIT_TEST_RESULTS;
const dir = given ?? mkdtempSync(join(tmpdir(), 'bertfit-test-results-'));
const env = { ...process.env, BERTFIT_TEST_RESULTS: dir, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' };
const nx = spawnSync('npx', ['nx', 'run-many', '-t', 'test', '--output-style=static', ...process.argv.slice(2)], { stdio: 'inherit', env });
// nx failing with no failed test in the summaries (a build that broke first) still counts once.
const summary = spawnSync(process.execPath, [join(import.meta.dirname, 'summarize.mjs'), dir, ...(nx.status === 0 ? [] : ['unit-tests:failed'])], { stdio: 'inherit' });
if (given === undefined) rmSync(dir, { recursive: true, force: true });
process.exitCode = nx.status === 0 ? (summary.status ?? 1) : (nx.status ?? 1);
