import { describe, it, expect } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { execa } from 'execa';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { JobSpec } from '../jobs/executor.js';
import { waitForJobs } from '../jobs/driver.js';
import { clusterForSuite } from '../../test/slurm-cluster.js';
import { SlurmClient, SlurmCommandError } from './slurm-client.js';
import { SlurmExecutor } from './slurm-executor.js';

const JOB = fileURLToPath(new URL('../../test/fixtures/job.mjs', import.meta.url));
const FAST = { minMs: 300, maxMs: 1500, factor: 1.5 };
const CFG = { partition: null, time: null, cpusPerTask: null, mem: null, gres: null, gpusPerTask: null, account: null, extraArgs: [] };
const suite = clusterForSuite('exec');

function spec(name: string, ...args: string[]): JobSpec {
  const jobDir = join(suite.root(), name.replace(/[^a-z0-9]/gi, '_'));
  return { name, argv: [process.execPath, JOB, args[0] ?? 'ok', join(jobDir, 'result.json'), ...args.slice(1)], cwd: suite.root(), jobDir };
}
const times = (dir: string): [number, number] => [
  Date.parse(JSON.parse(readFileSync(join(dir, 'started.json'), 'utf8')).startedAt),
  Date.parse(JSON.parse(readFileSync(join(dir, 'exit.json'), 'utf8')).finishedAt),
];

describe('SlurmExecutor on a real SLURM', () => {
  const ex = () => new SlurmExecutor(CFG, new SlurmClient({ unavailableTimeoutMs: 120_000, retryDelayMs: 500 }));

  it('submits, succeeds, fails with an exit code, dies of a signal; metacharacters execute nothing', async () => {
    const e = ex();
    const weird = ['$(touch /tmp/pwned)', "'; touch /tmp/pwned; '", '"q"\nnext line', '`touch /tmp/pwned`'];
    const okSpec = { ...spec('ok $(touch /tmp/pwned) "x"\n', 'ok', ...weird), env: { BERTFIT_TEST_VALUE: '$(touch /tmp/pwned) a b' } };
    const ok = await e.submit(okSpec);
    const bad = await e.submit(spec('exit3', 'exit', '3'));
    const killed = await e.submit(spec('killed', 'selfkill', 'SIGKILL'));
    const states = await waitForJobs(e, [ok, bad, killed], { poll: FAST });
    expect(states.get(ok.id)).toEqual({ state: 'COMPLETED' });
    expect(states.get(bad.id)).toEqual({ state: 'FAILED', exitCode: 3, signal: 0, reason: 'NonZeroExitCode' });
    expect(states.get(killed.id)).toMatchObject({ state: 'FAILED', signal: 9 });
    const result = JSON.parse(readFileSync(join(okSpec.jobDir, 'result.json'), 'utf8'));
    expect(result).toEqual({ argv: weird, env: '$(touch /tmp/pwned) a b' });
    expect(existsSync('/tmp/pwned')).toBe(false);
  });

  it('runs an array with a %2 throttle; a failing task is reported under its own handle', async () => {
    const e = ex();
    const specs = [0, 1, 2, 3].map((i) => spec(`arr${i}`, 'sleep', '2'));
    specs[3] = spec('arr3', 'exit', '7');
    const hs = await e.submitArray(specs, { name: 'arr-test', dir: join(suite.root(), 'arr'), throttle: 2 });
    expect(hs.map((h) => h.id.split('_')[1])).toEqual(['0', '1', '2', '3']);
    const states = await waitForJobs(e, hs, { poll: FAST });
    expect([0, 1, 2].map((i) => states.get(hs[i]!.id)?.state)).toEqual(['COMPLETED', 'COMPLETED', 'COMPLETED']);
    expect(states.get(hs[3]!.id)).toEqual({ state: 'FAILED', exitCode: 7, signal: 0, reason: 'NonZeroExitCode' });
    const w = specs.map((s) => times(s.jobDir));
    for (const [s] of w) expect(w.filter(([a, b]) => a <= s && s < b).length).toBeLessThanOrEqual(2);
  });

  it('starts an afterok dependent after its parent; scancel cancels a running job', async () => {
    const e = ex();
    const parent = await e.submit(spec('parent', 'sleep', '2'));
    const child = await e.submit({ ...spec('child'), dependsOn: { type: 'afterok', jobs: [parent] } });
    const long = await e.submit(spec('long', 'sleep', '300'));
    await waitUntil(async () => (await e.status([long])).get(long.id)?.state === 'RUNNING');
    await e.cancel([long]);
    const states = await waitForJobs(e, [parent, child, long], { poll: FAST });
    expect(states.get(child.id)).toEqual({ state: 'COMPLETED' });
    expect(states.get(long.id)).toEqual({ state: 'CANCELLED' });
    expect(times(spec('child').jobDir)[0]).toBeGreaterThanOrEqual(times(spec('parent').jobDir)[1]);
  });

  it('re-attaches by job name and waits through a slurmctld outage (classified transient)', async () => {
    const e = ex();
    const s = spec('outage', 'sleep', '8');
    const h = await e.submit(s);
    expect(await ex().reattach(s)).toEqual(h);
    expect(await ex().reattach(spec('never-submitted'))).toBeNull();
    await waitUntil(async () => (await e.status([h])).get(h.id)?.state === 'RUNNING');
    await suite.cluster().killController();
    const waiting = waitForJobs(e, [h], { poll: FAST });
    // The real error while the controller is down is classified as transient (so it is retried).
    const down = await new SlurmClient().once('squeue', ['-h', '-j', h.id]).then(
      () => null,
      (err: unknown) => err,
    );
    expect(down).toBeInstanceOf(SlurmCommandError);
    expect(down).toMatchObject({ transient: true, exitCode: 1, stderr: expect.stringContaining('Unable to contact slurm controller') });
    await suite.cluster().restart();
    expect((await waiting).get(h.id)).toEqual({ state: 'COMPLETED' });
  });

  it('a duplicate runner exits 0 (its job is not FAILED) and its handle follows the holder; SLURM requeue is refused', async () => {
    const s = spec('dup', 'once', '10');
    const first = await ex().submit(s);
    await waitUntil(async () => (await ex().status([first])).get(first.id)?.state === 'RUNNING' && existsSync(join(s.jobDir, 'started.json')));
    // The same job submitted again (as by an orchestrator that lost track of it): its runner finds the live claim.
    const second = await ex().submit(s);
    const show = async (id: string): Promise<string> => (await execa('scontrol', ['-o', 'show', 'job', id])).stdout;
    await waitUntil(async () => /JobState=(COMPLETED|FAILED)/.test(await show(second.id)));
    expect(await show(second.id)).toMatch(/JobState=COMPLETED .*ExitCode=0:0/);
    expect(readFileSync(join(s.jobDir, `slurm-${second.id}.out`), 'utf8')).toMatch(/this duplicate \(pid \d+\) exits without touching the job/);
    expect((await ex().status([second])).get(second.id)).toEqual({ state: 'RUNNING' });
    // bertfit submits with --no-requeue: SLURM's own requeue (which would re-run `train` without --resume) is refused.
    const requeue = await execa('scontrol', ['requeue', first.id], { reject: false });
    expect(requeue.exitCode).toBe(1);
    expect(`${requeue.stderr}${requeue.stdout}`).toContain(`Requested operation is presently disabled for job ${first.id}`);
    const states = await waitForJobs(ex(), [first, second], { poll: FAST });
    expect(states.get(first.id)).toEqual({ state: 'COMPLETED' });
    expect(states.get(second.id)).toEqual({ state: 'COMPLETED' });
    expect(readFileSync(join(s.jobDir, 'result.json.starts'), 'utf8').trim().split('\n')).toHaveLength(1);
  });

  it('reports a job past its time limit as TIMEOUT (SLURM enforces it 60–90 s late)', async () => {
    const e = ex();
    const h = await e.submit({ ...spec('timeout', 'sleep', '300'), resources: { time: '0:01' } });
    const states = await waitForJobs(e, [h], { poll: { minMs: 2000, maxMs: 5000, factor: 1.5 } });
    expect(states.get(h.id)).toEqual({ state: 'TIMEOUT' });
  }, 240_000);
});

async function waitUntil(cond: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 300));
  }
}
