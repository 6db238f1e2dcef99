import { describe, it, expect, afterAll } from '@jest/globals';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { JobSpec } from '../jobs/executor.js';
import { waitForJobs } from '../jobs/driver.js';
import { LocalExecutor } from './local-executor.js';

const JOB = fileURLToPath(new URL('../../test/fixtures/job.mjs', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'bertfit-local-'));
const FAST = { minMs: 50, maxMs: 200, factor: 1.5 };
afterAll(() => rmSync(root, { recursive: true, force: true }));

function spec(name: string, ...args: string[]): JobSpec {
  const jobDir = join(root, name);
  return { name, argv: [process.execPath, JOB, args[0] ?? 'ok', join(jobDir, 'result.json'), ...args.slice(1)], cwd: root, jobDir };
}

describe('LocalExecutor', () => {
  it('runs a job to COMPLETED, passing arguments with shell metacharacters verbatim', async () => {
    const ex = new LocalExecutor({ maxConcurrent: 2 });
    const weird = ['$(touch /tmp/pwned-local)', 'it\'s "quoted"', 'line1\nline2', '`id`; rm -rf x'];
    const s = spec('ok', 'ok', ...weird);
    const [h] = [await ex.submit(s)];
    const states = await waitForJobs(ex, [h], { poll: FAST });
    expect(states.get(h.id)).toEqual({ state: 'COMPLETED' });
    expect(JSON.parse(readFileSync(join(s.jobDir, 'result.json'), 'utf8')).argv).toEqual(weird);
    expect(existsSync('/tmp/pwned-local')).toBe(false);
  });

  it("clears a re-used job dir's stale exit/cancelled/started records on submit", async () => {
    const ex = new LocalExecutor({ maxConcurrent: 2 });
    const s = spec('stale', 'exit', '3');
    mkdirSync(s.jobDir, { recursive: true });
    writeFileSync(join(s.jobDir, 'exit.json'), JSON.stringify({ exitCode: 0, signal: null, error: null, finishedAt: '2020-01-01T00:00:00Z' }));
    writeFileSync(join(s.jobDir, 'cancelled.json'), JSON.stringify({ cancelledAt: '2020-01-01T00:00:00Z' }));
    writeFileSync(join(s.jobDir, 'started.json'), JSON.stringify({ pid: 999999, procStart: 'x', slurmJobId: null, startedAt: '2020-01-01T00:00:00Z' }));
    const h = await ex.submit(s);
    const states = await waitForJobs(ex, [h], { poll: FAST });
    expect(states.get(h.id)).toEqual({ state: 'FAILED', exitCode: 3, signal: 0, reason: 'NonZeroExitCode' });
    expect(existsSync(join(s.jobDir, 'cancelled.json'))).toBe(false);
  });

  it('reports a non-zero exit as FAILED with its code, and a missing program as exit 127', async () => {
    const ex = new LocalExecutor({ maxConcurrent: 2 });
    const a = await ex.submit(spec('exit3', 'exit', '3'));
    const b = await ex.submit({ name: 'nope', argv: ['/nonexistent/prog'], cwd: root, jobDir: join(root, 'nope') });
    const states = await waitForJobs(ex, [a, b], { poll: FAST });
    expect(states.get(a.id)).toEqual({ state: 'FAILED', exitCode: 3, signal: 0, reason: 'NonZeroExitCode' });
    expect(states.get(b.id)).toMatchObject({ state: 'FAILED', exitCode: 127, reason: expect.stringContaining('cannot start /nonexistent/prog') });
  });

  it('reports a job killed by a signal as FAILED with that signal', async () => {
    const ex = new LocalExecutor({ maxConcurrent: 1 });
    const h = await ex.submit(spec('killed', 'selfkill', 'SIGKILL'));
    const states = await waitForJobs(ex, [h], { poll: FAST });
    expect(states.get(h.id)).toEqual({ state: 'FAILED', exitCode: 0, signal: 9, reason: 'killed by SIGKILL' });
  });

  it('bounds concurrency, cancels running and queued jobs', async () => {
    const ex = new LocalExecutor({ maxConcurrent: 1, killGraceSeconds: 1 });
    const a = await ex.submit(spec('sleepA', 'sleep', '30'));
    const b = await ex.submit(spec('sleepB', 'sleep', '30'));
    await waitUntil(async () => (await ex.status([a])).get(a.id)?.state === 'RUNNING');
    expect((await ex.status([b])).get(b.id)).toEqual({ state: 'PENDING', reason: 'Resources' });
    await ex.cancel([a, b]);
    const states = await waitForJobs(ex, [a, b], { poll: FAST });
    expect(states.get(a.id)).toEqual({ state: 'CANCELLED' });
    expect(states.get(b.id)).toEqual({ state: 'CANCELLED' });
    expect(existsSync(join(root, 'sleepB', 'started.json'))).toBe(false);
  });

  it('honours afterok dependencies and array throttles', async () => {
    const ex = new LocalExecutor({ maxConcurrent: 4 });
    const parent = await ex.submit(spec('parent', 'exit', '1'));
    const child = await ex.submit({ ...spec('child'), dependsOn: { type: 'afterok', jobs: [parent] } });
    const after = await ex.submit({ ...spec('afterany'), dependsOn: { type: 'afterany', jobs: [parent] } });
    const arr = await ex.submitArray([spec('t0', 'sleep', '0.3'), spec('t1', 'sleep', '0.3'), spec('t2', 'sleep', '0.3')], {
      name: 'arr',
      dir: root,
      throttle: 1,
    });
    const states = await waitForJobs(ex, [parent, child, after, ...arr], { poll: { minMs: 30, maxMs: 30, factor: 1 } });
    expect(states.get(child.id)).toEqual({ state: 'CANCELLED' });
    expect(states.get(after.id)).toEqual({ state: 'COMPLETED' });
    expect(existsSync(join(root, 'child', 'started.json'))).toBe(false);
    const windows = arr.map((h) => {
      const st = JSON.parse(readFileSync(join(h.jobDir, 'started.json'), 'utf8')).startedAt as string;
      const en = JSON.parse(readFileSync(join(h.jobDir, 'exit.json'), 'utf8')).finishedAt as string;
      return [Date.parse(st), Date.parse(en)] as const;
    });
    for (let i = 1; i < windows.length; i++) expect(windows[i]![0]).toBeGreaterThanOrEqual(windows[i - 1]![1]);
  });

  it('re-attaches to a running job from its folder and rejects a bad maxConcurrent', async () => {
    const first = new LocalExecutor({ maxConcurrent: 1 });
    const s = spec('reattach', 'sleep', '0.5');
    await first.submit(s);
    await waitUntil(async () => existsSync(join(s.jobDir, 'started.json')));
    const second = new LocalExecutor({ maxConcurrent: 1 });
    const h = await second.reattach(s);
    expect(h).not.toBeNull();
    const states = await waitForJobs(second, [h!], { poll: FAST });
    expect(states.get(h!.id)).toEqual({ state: 'COMPLETED' });
    expect(await second.reattach(spec('never-submitted'))).toBeNull();
    expect(() => new LocalExecutor({ maxConcurrent: 0 })).toThrow('LocalExecutor: maxConcurrent must be an integer ≥ 1, got 0');
  });
});

async function waitUntil(cond: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 30));
  }
}
