import { describe, it, expect, afterAll, afterEach } from '@jest/globals';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import type { JobSpec } from '../jobs/executor.js';
import { DUPLICATE_RUNNER_EXIT, readClaim } from '../jobs/job-claim.js';
import { waitForJobs } from '../jobs/driver.js';
import { RUNNER_PATH } from '../jobs/runner-path.js';
import { LocalExecutor } from './local-executor.js';

// The job runner's claim on its folder, with real runner processes: at most one runner works in a
// job folder, however many are started for it.
const JOB = fileURLToPath(new URL('../../test/fixtures/job.mjs', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'bertfit-claim-'));
const FAST = { minMs: 50, maxMs: 200, factor: 1.5 };
afterAll(() => rmSync(root, { recursive: true, force: true }));
afterEach(() => {
  delete process.env.BERTFIT_JOB_RUNNER_START_GATE;
});

function spec(name: string, mode = 'once', seconds = '0.3'): JobSpec {
  const jobDir = join(root, name);
  return { name, argv: [process.execPath, JOB, mode, join(jobDir, 'result.json'), seconds], cwd: root, jobDir };
}
const starts = (s: JobSpec): number => readFileSync(join(s.jobDir, 'result.json.starts'), 'utf8').trim().split('\n').length;
const claims = (s: JobSpec): string[] =>
  readdirSync(s.jobDir)
    .filter((f) => f.startsWith('claim-'))
    .sort();
const writeSpec = (s: JobSpec): string => {
  mkdirSync(s.jobDir, { recursive: true });
  writeFileSync(join(s.jobDir, 'spec.json'), JSON.stringify(s));
  return join(s.jobDir, 'spec.json');
};

describe('job runner claim', () => {
  it('two runners released at once on one job: one runs it, the other exits as a duplicate', async () => {
    const s = spec('twice');
    const gate = join(root, 'twice-gate');
    process.env.BERTFIT_JOB_RUNNER_START_GATE = gate;
    const a = new LocalExecutor({ maxConcurrent: 1 });
    const ha = await a.submit(s);
    // A restarted orchestrator that gave up waiting for the claim (claimWaitMs 0) and submits again.
    const b = new LocalExecutor({ maxConcurrent: 1, claimWaitMs: 0 });
    expect(await b.reattach(s)).toBeNull();
    const hb = await b.submit(s);
    const runnerLog = (): string => (existsSync(join(s.jobDir, 'runner.log')) ? readFileSync(join(s.jobDir, 'runner.log'), 'utf8') : '');
    await waitUntil(() => runnerLog().split('waits for').length === 3);
    writeFileSync(gate, '');
    const [sa, sb] = [await waitForJobs(a, [ha], { poll: FAST }), await waitForJobs(b, [hb], { poll: FAST })];
    expect(sa.get(ha.id)).toEqual({ state: 'COMPLETED' });
    expect(sb.get(hb.id)).toEqual({ state: 'COMPLETED' });
    expect(starts(s)).toBe(1);
    // The finished runner released its claim: exit.json and started.json describe the job now.
    expect(claims(s)).toEqual([]);
    expect(runnerLog().match(/this duplicate \(pid \d+\) exits without touching the job/g)).toHaveLength(1);
  });

  it('a duplicate exits 75 naming the holder and leaves the folder as it was', async () => {
    const s = spec('held');
    const specFile = writeSpec(s);
    const holder = { pid: 4242, procStart: '1', host: 'node-elsewhere', slurmJobId: '17', generation: 0, claimedAt: '2026-01-01T00:00:00.000Z' };
    writeFileSync(join(s.jobDir, 'claim-0.json'), JSON.stringify(holder));
    const child = execa(process.execPath, [RUNNER_PATH, specFile], { reject: false });
    const r = await child;
    expect(r.exitCode).toBe(DUPLICATE_RUNNER_EXIT);
    expect(r.stderr).toBe(
      `job-runner: ${s.jobDir} is already claimed by runner pid 4242 on node-elsewhere (claim-0.json, since 2026-01-01T00:00:00.000Z); this duplicate (pid ${child.pid}) exits without touching the job`,
    );
    expect(readdirSync(s.jobDir).sort()).toEqual(['claim-0.json', 'spec.json']);
    // Another machine's holder cannot be checked from here, so it counts as live.
    expect(readClaim(s.jobDir)).toEqual({ kind: 'live', claim: holder });
  });

  it('supersedes the claim of a dead runner with the next generation', async () => {
    const s = spec('stale');
    writeSpec(s);
    writeFileSync(join(s.jobDir, 'claim-0.json'), JSON.stringify({ pid: 999_999_999, procStart: '1', host: hostname(), slurmJobId: null, claimedAt: 'x' }));
    expect(readClaim(s.jobDir).kind).toBe('stale');
    const ex = new LocalExecutor({ maxConcurrent: 1 });
    const h = await ex.submit(s);
    expect((await waitForJobs(ex, [h], { poll: FAST })).get(h.id)).toEqual({ state: 'COMPLETED' });
    // Its own claim-1 and the dead holder's claim-0 are removed once it has finished.
    expect(claims(s)).toEqual([]);
    expect(readClaim(s.jobDir)).toEqual({ kind: 'none' });
  });

  it('a finished job (claims released) is re-attached from started.json at once, not started again', async () => {
    const s = spec('finished');
    const ex = new LocalExecutor({ maxConcurrent: 1 });
    const h = await ex.submit(s);
    expect((await waitForJobs(ex, [h], { poll: FAST })).get(h.id)).toEqual({ state: 'COMPLETED' });
    expect(claims(s)).toEqual([]);
    const t0 = Date.now();
    const again = new LocalExecutor({ maxConcurrent: 1, claimWaitMs: 5000 });
    const found = await again.reattach(s);
    expect(Date.now() - t0).toBeLessThan(2000);
    const runner = JSON.parse(readFileSync(join(s.jobDir, 'started.json'), 'utf8')) as { pid: number; procStart: string };
    expect(found).toEqual({ executor: 'local', id: `local-${runner.pid}-${runner.procStart}`, jobDir: s.jobDir });
    expect((await again.status([found!])).get(found!.id)).toEqual({ state: 'COMPLETED' });
    expect(starts(s)).toBe(1);
  });

  it('a submission into a folder held by a live runner follows it, and refuses another command', async () => {
    const s = spec('adopt', 'once', '0.8');
    const first = new LocalExecutor({ maxConcurrent: 1 });
    await first.submit(s);
    await waitUntil(() => readClaim(s.jobDir).kind === 'live');
    const second = new LocalExecutor({ maxConcurrent: 1 });
    const h = await second.submit(s);
    expect(h.id).toMatch(/^local-\d+-/);
    await expect(second.submit({ ...s, argv: [...s.argv, 'other'] })).rejects.toThrow(
      `LocalExecutor.submit: job folder ${s.jobDir} is in use by runner pid ${(readClaim(s.jobDir) as { claim: { pid: number } }).claim.pid} (claim-0.json) running another command; cancel it or use another folder`,
    );
    expect((await waitForJobs(second, [h], { poll: FAST })).get(h.id)).toEqual({ state: 'COMPLETED' });
    expect(starts(s)).toBe(1);
    expect(readFileSync(join(s.jobDir, 'runner.log'), 'utf8')).not.toContain('duplicate');
  });

  it('reattach waits for the claim of a runner being launched, then gives up; bad claim files are named', async () => {
    const s = spec('intent');
    writeSpec(s);
    writeFileSync(join(s.jobDir, 'launching.json'), JSON.stringify({ afterGeneration: -1, by: { pid: 1, procStart: null }, at: 'x' }));
    const t0 = Date.now();
    expect(await new LocalExecutor({ maxConcurrent: 1, claimWaitMs: 300 }).reattach(s)).toBeNull();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(300);
    writeFileSync(join(s.jobDir, 'claim-0.json'), '{"pid": "x"}');
    expect(() => readClaim(s.jobDir)).toThrow(`job claim ${join(s.jobDir, 'claim-0.json')}: field pid must be a number, got "x" (and 1 more problem)`);
    writeFileSync(join(s.jobDir, 'claim-0.json'), '{"pid": 1');
    const r = await execa(process.execPath, [RUNNER_PATH, join(s.jobDir, 'spec.json')], { reject: false });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^job-runner: claiming ${s.jobDir} failed: cannot read the claim ${join(s.jobDir, 'claim-0.json')}: `));
    writeFileSync(join(s.jobDir, 'launching.json'), '[]');
    await expect(new LocalExecutor({ maxConcurrent: 1 }).reattach(s)).rejects.toThrow(`launch intent ${join(s.jobDir, 'launching.json')} must hold a JSON object, got []`);
  });
});

async function waitUntil(cond: () => boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 30));
  }
}
