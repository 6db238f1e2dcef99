import { describe, it, expect, afterAll } from '@jest/globals';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LocalExecutor } from '../local/local-executor.js';
import { hasEnded, JobDriver, waitForJobs, type Observed } from './driver.js';
import type { JobHandle, JobSpec } from './executor.js';

const JOB = fileURLToPath(new URL('../../test/fixtures/job.mjs', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'bertfit-driver-'));
const FAST = { minMs: 50, maxMs: 200, factor: 1.5 };
afterAll(() => rmSync(root, { recursive: true, force: true }));

function spec(name: string, mode: string, ...args: string[]): JobSpec {
  const jobDir = join(root, name);
  return { name, argv: [process.execPath, JOB, mode, join(jobDir, 'result.json'), ...args], cwd: root, jobDir };
}

/** Drives the given jobs until each has ended, recording every state the driver reported. */
async function driveAll(driver: JobDriver, handles: JobHandle[]): Promise<{ finished: boolean; seen: Map<string, Observed[]> }> {
  const seen = new Map<string, Observed[]>(handles.map((h) => [h.id, []]));
  const open = new Set(handles.map((h) => h.id));
  const finished = await driver.run({
    watched: () => handles.filter((h) => open.has(h.id)),
    after: async (states) => {
      for (const [id, o] of states) {
        seen.get(id)!.push(o);
        if (hasEnded(o)) open.delete(id);
      }
      return false;
    },
    done: () => open.size === 0,
  });
  return { finished, seen };
}

describe('JobDriver with the local executor', () => {
  it('submits, polls to the end state and, started again with the same spec, re-attaches instead of running the job twice', async () => {
    const logs: string[] = [];
    const driver = new JobDriver(new LocalExecutor({ maxConcurrent: 2 }), { poll: FAST, log: (l) => logs.push(l) });
    const s = spec('once', 'once', '0.3');
    const h = await driver.start(s);
    const { finished, seen } = await driveAll(driver, [h]);
    expect(finished).toBe(true);
    expect(seen.get(h.id)!.at(-1)).toEqual({ state: { state: 'COMPLETED' }, lost: false });
    expect(seen.get(h.id)!.some((o) => o.state.state === 'RUNNING' || o.state.state === 'PENDING')).toBe(true);
    // A second orchestrator (a fresh executor) finds the finished job from its folder.
    const again = await new JobDriver(new LocalExecutor({ maxConcurrent: 2 }), { poll: FAST, log: (l) => logs.push(l) }).start(s);
    expect(again.jobDir).toBe(s.jobDir);
    expect(logs).toEqual([`re-attached to job ${again.id} (${s.jobDir}, started by an earlier run)`]);
    expect(readFileSync(join(s.jobDir, 'result.json.starts'), 'utf8').trim().split('\n')).toHaveLength(1);
  });

  it('takes a job the executor cannot account for as lost only after lostAfterMs, while the others run to their end', async () => {
    const ex = new LocalExecutor({ maxConcurrent: 2 });
    const driver = new JobDriver(ex, { poll: FAST, log: () => undefined, lostAfterMs: 400 });
    const ghostDir = join(root, 'ghost');
    mkdirSync(ghostDir, { recursive: true });
    const ghost: JobHandle = { executor: 'local', id: 'local-ghost', jobDir: ghostDir }; // no runner ever claims it
    const failing = await driver.start(spec('exit3', 'exit', '3'));
    const t0 = Date.now();
    const { seen } = await driveAll(driver, [ghost, failing]);
    const ghostSeen = seen.get(ghost.id)!;
    expect(ghostSeen.every((o) => o.state.state === 'UNKNOWN')).toBe(true);
    expect(ghostSeen.slice(0, -1).every((o) => !o.lost)).toBe(true);
    expect(ghostSeen.at(-1)!.lost).toBe(true);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(400);
    expect(seen.get(failing.id)!.at(-1)).toEqual({ state: { state: 'FAILED', exitCode: 3, signal: 0, reason: 'NonZeroExitCode' }, lost: false });
  });

  it('stops polling when the signal aborts and leaves the job running', async () => {
    const ex = new LocalExecutor({ maxConcurrent: 2 });
    const ctl = new AbortController();
    const driver = new JobDriver(ex, { poll: FAST, log: () => undefined, signal: ctl.signal });
    const s = spec('long', 'sleep', '1');
    const h = await driver.start(s);
    setTimeout(() => ctl.abort(), 150);
    const { finished } = await driveAll(driver, [h]);
    expect(finished).toBe(false);
    expect(existsSync(join(s.jobDir, 'result.json'))).toBe(false);
    // The job was not touched: it still finishes on its own.
    expect((await waitForJobs(ex, [h], { poll: FAST })).get(h.id)).toEqual({ state: 'COMPLETED' });
  });
});
