import { describe, it, expect } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { clusterForSuite } from '../../test/slurm-cluster.js';
import { launchesPerAttempt, ledgerRecords, waitFor } from '../../test/sweep-checks.js';
import { toyCommands, toyConfig } from '../../test/toy.js';
import { gridSweep } from '../../test/grid-sweep.js';
import { SlurmClient } from '../slurm/slurm-client.js';
import { SlurmExecutor } from '../slurm/slurm-executor.js';
import { runSweep } from './run-sweep.js';

// How a sweep reads what SLURM reports at the end of a trial: the trial's own result first, a
// user's scancel as a decision, TIMEOUT as a time limit to resume from. (PREEMPTED cannot be
// produced here: the local cluster runs PreemptType=preempt/none; see the README's reliability part.)
const suite = clusterForSuite('outc');

const POLL = { minMs: 500, maxMs: 2000, factor: 1.5 };
const executor = (slurm: ConstructorParameters<typeof SlurmExecutor>[0]): SlurmExecutor =>
  new SlurmExecutor(slurm, new SlurmClient({ unavailableTimeoutMs: 120_000, retryDelayMs: 500 }));
const jobOf = (sweepDir: string, index: number): string | null => ledgerRecords(sweepDir)[index]?.job?.id ?? null;

describe('sweep outcomes on a real SLURM (toy trainer)', () => {
  it("a user's scancel cancels the trial (not retried); a job SLURM calls CANCELLED whose result says completed is completed", async () => {
    process.env.TOY_STEP_MS = '1500';
    const root = suite.root();
    const cfg = toyConfig(root, { executor: 'slurm' });
    // warmupSteps 2: the toy lingers after writing its result, so it can be cancelled afterwards.
    cfg.orchestrator.sweep = gridSweep({ 'train.warmupSteps': [0, 2] }, { maxAttempts: 2 });
    const sweepDir = join(root, 'cancel');
    const run = runSweep(cfg, { executor: executor(cfg.orchestrator.slurm), commands: toyCommands, poll: POLL, log: () => undefined, sweepDir });
    const attempt = (i: number): string => join(sweepDir, 'trials', `t000${i}`, 'attempt-1');
    await waitFor(() => existsSync(join(attempt(0), 'launches.log')) && jobOf(sweepDir, 0) !== null, 90_000, 'trial 0 training');
    await execa('scancel', [jobOf(sweepDir, 0)!]);
    await waitFor(() => existsSync(join(attempt(1), 'train-result.json')) && jobOf(sweepDir, 1) !== null, 90_000, "trial 1's result");
    await execa('scancel', [jobOf(sweepDir, 1)!]);
    const s = await run;
    const [t0, t1] = s.records;
    expect(t0).toMatchObject({
      state: 'cancelled',
      attempts: 1,
      lastJobState: { state: 'CANCELLED' },
      error: 'job cancelled outside the orchestrator (scancel by a user or an admin); not retried',
    });
    expect(t1).toMatchObject({ state: 'completed', attempts: 1, lastJobState: { state: 'CANCELLED' }, metrics: { f1_macro: 0.75 } });
    expect(t1!.history.at(-1)!.event).toContain(`completed (completed, step 40) per ${join(attempt(1), 'train-result.json')}, although the scheduler said CANCELLED`);
    expect(launchesPerAttempt(sweepDir)).toEqual({ 't0000/attempt-1': 1, 't0001/attempt-1': 1 });
    expect(readFileSync(s.files.markdown, 'utf8')).toContain('| – | 0 | 0 | – | cancelled (job cancelled outside the orchestrator');
  }, 240_000);

  it('a trial killed at its SLURM time limit is retried from its latest checkpoint and finishes', async () => {
    // 25 checkpoints × 4 s = 100 s of training against a 1-minute limit, which SLURM enforces
    // 60–90 s in: the first attempt ends TIMEOUT, the second resumes and needs at most 40 s.
    process.env.TOY_STEP_MS = '4000';
    const root = suite.root();
    const cfg = toyConfig(root, { executor: 'slurm' });
    cfg.train.maxSteps = 250;
    cfg.orchestrator.slurm = { ...cfg.orchestrator.slurm, time: '1' };
    cfg.orchestrator.sweep = gridSweep({ 'train.learningRate': [3e-5] }, { maxConcurrent: 1, maxAttempts: 2 });
    const sweepDir = join(root, 'timeout');
    const s = await runSweep(cfg, { executor: executor(cfg.orchestrator.slurm), commands: toyCommands, poll: POLL, log: () => undefined, sweepDir });
    const [t0] = s.records;
    expect(t0).toMatchObject({ state: 'completed', attempts: 2, requeues: 0 });
    const run = join(sweepDir, 'trials', 't0000', 'attempt-1', 'run');
    const retry = t0!.history.find((h) => h.event.includes('TIMEOUT'))!.event;
    expect(retry).toMatch(new RegExp(`TIMEOUT → attempt 1 hit the time limit; retrying, resuming from ${run}/checkpoint-(\\d+)$`));
    const resumedAt = Number(/checkpoint-(\d+)$/.exec(retry)![1]);
    expect(resumedAt).toBeGreaterThanOrEqual(100);
    expect(resumedAt).toBeLessThan(250);
    const result = JSON.parse(readFileSync(join(sweepDir, 'trials', 't0000', 'attempt-2', 'train-result.json'), 'utf8'));
    expect(result).toMatchObject({ status: 'completed', runDir: run, lastStep: 250 });
    // Both attempts trained in attempt-1's run dir (the second with --resume), one launch each.
    expect(launchesPerAttempt(sweepDir)).toEqual({ 't0000/attempt-1': 2, 't0000/attempt-2': 0 });
  }, 300_000);
});
