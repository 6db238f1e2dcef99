import { describe, it, expect } from '@jest/globals';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { clusterForSuite } from '../../test/slurm-cluster.js';
import { killSweepAtTwoSubmitted, launchesPerAttempt, ledgerRecords, startSweepProcess, waitFor } from '../../test/sweep-checks.js';
import { toyCommands, toyConfig } from '../../test/toy.js';
import { gridSweep } from '../../test/grid-sweep.js';
import { runAuto } from '../auto/run-auto.js';
import { SlurmExecutor } from '../slurm/slurm-executor.js';

const suite = clusterForSuite('orch');

describe('auto-evaluator and sweeps through a real SLURM (toy trainer)', () => {
  it('auto: evaluates checkpoints as SLURM jobs, stops on the drop and cancels the training job', async () => {
    const root = suite.root();
    process.env.TOY_STEP_MS = '1000';
    const cfg = toyConfig(root, { executor: 'slurm' });
    cfg.train.maxSteps = 600;
    const executor = new SlurmExecutor(cfg.orchestrator.slurm);
    const s = await runAuto(cfg, { executor, commands: toyCommands, poll: { minMs: 300, maxMs: 1000, factor: 1.5 }, log: () => undefined, workDir: join(root, 'auto') });
    // auto's metric is the run's metricForBest (f1_macro; the toy's f1 is its accuracy - 0.02)
    expect(s.reason).toEqual({ kind: 'drop', step: 40, value: 0.69, previous: 0.73, consecutive: 1 });
    expect(s.best?.step).toBe(30);
    expect(s.test).toMatchObject({ accuracy: 0.74 });
    const trainJob = JSON.parse(readFileSync(join(root, 'auto', 'jobs', 'train', 'started.json'), 'utf8')).slurmJobId as string;
    await waitFor(() => existsSync(join(root, 'auto', 'jobs', 'train', 'exit.json')), 30_000, 'training to be cancelled');
    const st = await executor.status([{ executor: 'slurm', id: trainJob, jobDir: join(root, 'auto', 'jobs', 'train') }]);
    expect(st.get(trainJob)).toEqual({ state: 'CANCELLED' });
  }, 180_000);

  it('sweep: survives SIGKILL of the orchestrator and a slurmctld restart; metacharacters stay data', async () => {
    const root = suite.root();
    const evil = ['$(touch /tmp/pwned)', 'it\'s "q"\nnext; touch /tmp/pwned'];
    // The config schema keeps names to [A-Za-z0-9._-]; grid values are where shell metacharacters can still appear.
    const cfg = { ...toyConfig(root, { executor: 'slurm' }), name: 'sweep-meta' };
    cfg.orchestrator.sweep = gridSweep({ 'train.learningRate': [1e-5, 3e-5], 'data.textColumn': evil });
    const configFile = join(root, 'sweep-config.json');
    writeFileSync(configFile, JSON.stringify(cfg));
    const sweepDir = join(root, 'sweep');
    process.env.TOY_STEP_MS = '1500';

    await killSweepAtTwoSubmitted(configFile, sweepDir, 60_000);
    expect(ledgerRecords(sweepDir).map((r) => r.state)).toEqual(['submitted', 'submitted', 'pending', 'pending']);

    const second = startSweepProcess(configFile, sweepDir);
    await waitFor(() => ledgerRecords(sweepDir).some((r) => r.attempts === 1 && r.index >= 2 && r.state === 'submitted'), 90_000, 'the second batch');
    await suite.cluster().killController();
    await new Promise((r) => setTimeout(r, 15_000));
    await suite.cluster().restart();
    const out = await second;
    expect(out.exitCode).toBe(0);
    expect(out.all).toContain('re-attached to job');

    const recs = ledgerRecords(sweepDir);
    expect(recs.map((r) => [r.state, r.attempts, r.requeues])).toEqual([
      ['completed', 1, 0],
      ['completed', 1, 0],
      ['completed', 1, 0],
      ['completed', 1, 0],
    ]);
    expect(Object.values(launchesPerAttempt(sweepDir))).toEqual([1, 1, 1, 1]);
    const seen = recs.map((r) => JSON.parse(readFileSync(join(sweepDir, 'trials', `t000${r.index}`, 'attempt-1', 'run', 'seen-config.json'), 'utf8')).data.textColumn);
    expect(seen).toEqual([evil[0], evil[1], evil[0], evil[1]]);
    expect(existsSync('/tmp/pwned')).toBe(false);
    // SLURM itself saw exactly 4 training tasks for this sweep: nothing was submitted twice.
    const q = await execa('squeue', ['-h', '-t', 'all', '-r', '-o', '%j|%i']);
    const tasks = q.stdout.split('\n').filter((l) => l.startsWith(`bf-`) && l.includes(JSON.parse(readFileSync(join(sweepDir, 'sweep.json'), 'utf8')).sweepId));
    expect(tasks).toHaveLength(4);
    expect(JSON.parse(readFileSync(join(sweepDir, 'leaderboard.json'), 'utf8')).rows[0].overrides['train.learningRate']).toBe(3e-5);
  }, 300_000);
});
