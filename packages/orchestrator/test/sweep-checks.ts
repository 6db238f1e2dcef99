// Shared assertions and helpers for the sweep suites (local and SLURM).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { fileURLToPath } from 'node:url';
import type { TrialRecord } from '../src/sweep/trial-record.js';

const PKG = fileURLToPath(new URL('..', import.meta.url));

/** Starts an orchestrator fixture as one node process (tsx as a loader, not its CLI, which would fork a child). */
function startFixture(main: 'sweep-main.ts' | 'auto-main.ts', configFile: string, dir: string): ResultPromise<{ reject: false; all: true; cwd: string }> {
  const file = fileURLToPath(new URL(`./fixtures/${main}`, import.meta.url));
  return execa(process.execPath, ['--conditions=@bertfit/source', '--import', 'tsx', file, configFile, dir], {
    reject: false,
    all: true,
    cwd: PKG,
    env: { ...process.env, FORCE_COLOR: '0' },
  });
}

export function startSweepProcess(configFile: string, sweepDir: string): ReturnType<typeof startFixture> {
  return startFixture('sweep-main.ts', configFile, sweepDir);
}

export function startAutoProcess(configFile: string, workDir: string): ReturnType<typeof startFixture> {
  return startFixture('auto-main.ts', configFile, workDir);
}

export function ledgerRecords(sweepDir: string): TrialRecord[] {
  const dir = join(sweepDir, 'ledger');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /^trial-\d+\.json$/.test(f))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as TrialRecord);
}

/** Each attempt of each trial ran its training exactly once (the toy appends to launches.log per start). */
export function launchesPerAttempt(sweepDir: string): Record<string, number> {
  const out: Record<string, number> = {};
  const trials = join(sweepDir, 'trials');
  for (const t of readdirSync(trials)) {
    for (const a of readdirSync(join(trials, t))) {
      const log = join(trials, t, a, 'launches.log');
      out[`${t}/${a}`] = existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').length : 0;
    }
  }
  return out;
}

export async function waitFor(cond: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Runs a sweep in its own process and SIGKILLs it once two trials are submitted: an orchestrator crash mid-sweep. */
export async function killSweepAtTwoSubmitted(configFile: string, sweepDir: string, timeoutMs: number): Promise<void> {
  const first = startSweepProcess(configFile, sweepDir);
  await waitFor(() => ledgerRecords(sweepDir).filter((r) => r.state === 'submitted').length === 2, timeoutMs, 'two trials submitted');
  first.kill('SIGKILL');
  await first;
}
