import { describe, it, expect, afterAll } from '@jest/globals';
import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalExecutor } from '../local/local-executor.js';
import { toyCommands, toyConfig } from '../../test/toy.js';
import { gridSweep } from '../../test/grid-sweep.js';
import { killSweepAtTwoSubmitted, launchesPerAttempt, ledgerRecords, startSweepProcess, waitFor } from '../../test/sweep-checks.js';
import { runSweep } from './run-sweep.js';

const root = mkdtempSync(join(tmpdir(), 'bertfit-sweep-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const FAST = { minMs: 50, maxMs: 300, factor: 1.5 };
const quiet = (): void => undefined;

describe('runSweep with the local executor (toy trainer)', () => {
  it('runs a grid, retries a failing attempt, ranks trials and writes the best config', async () => {
    process.env.TOY_STEP_MS = '20';
    const cfg = toyConfig(root, {
      sweep: gridSweep({ 'train.learningRate': [1e-5, 3e-5], 'train.warmupSteps': [0, 1] }, { maxAttempts: 2 }),
    });
    const s = await runSweep(cfg, { executor: new LocalExecutor({ maxConcurrent: 2 }), commands: toyCommands, poll: FAST, log: quiet, sweepDir: join(root, 'grid') });
    expect(s.records.map((r) => [r.index, r.state, r.attempts])).toEqual([
      [0, 'completed', 1],
      [1, 'completed', 2],
      [2, 'completed', 1],
      [3, 'completed', 2],
    ]);
    expect(s.leaderboard.map((r) => [r.rank, r.index, r.value])).toEqual([
      [1, 2, 0.75],
      [2, 3, 0.75],
      [3, 0, 0.65],
      [4, 1, 0.65],
    ]);
    expect(s.best?.overrides).toEqual({ 'train.learningRate': 3e-5, 'train.warmupSteps': 0 });
    const best = JSON.parse(readFileSync(s.files.bestConfig!, 'utf8'));
    expect(best.train).toMatchObject({ learningRate: 3e-5, warmupSteps: 0 });
    expect(readFileSync(s.files.markdown, 'utf8')).toContain(
      '| 1 | 2 | 0.00003 | 0 | 0.7500 | completed | 1 | 0 | trials/t0002/attempt-1/run | trials/t0002/attempt-1/run/checkpoint-30 |',
    );
    expect(ledgerRecords(s.sweepDir)[1]!.history.map((h) => h.event)).toContain(
      `job ${
        ledgerRecords(s.sweepDir)[1]!
          .history.find((h) => h.event.includes('FAILED'))!
          .event.split(' ')[1]
      } FAILED (exit 1, signal 0, NonZeroExitCode) → attempt 1 failed (job ended FAILED (exit 1, signal 0, NonZeroExitCode)); retrying`,
    );
    // A second run of the same sweep finds everything done and submits nothing.
    const again = await runSweep(cfg, { executor: new LocalExecutor({ maxConcurrent: 2 }), commands: toyCommands, poll: FAST, log: quiet, sweepDir: join(root, 'grid') });
    expect(again.records.map((r) => r.attempts)).toEqual([1, 2, 1, 2]);
    expect(Object.values(launchesPerAttempt(s.sweepDir)).every((n) => n === 1)).toBe(true);
  });

  it('stops on abort without a leaderboard, says so, and a re-run resumes the same trials', async () => {
    process.env.TOY_STEP_MS = '50';
    const cfg = toyConfig(root, {
      sweep: gridSweep({ 'train.learningRate': [1e-5, 2e-5, 3e-5] }),
    });
    const sweepDir = join(root, 'abort');
    const ctl = new AbortController();
    const log = (line: string): void => {
      if (line.includes('submitted as job')) ctl.abort();
    };
    await expect(runSweep(cfg, { executor: new LocalExecutor({ maxConcurrent: 2 }), commands: toyCommands, poll: FAST, log, signal: ctl.signal, sweepDir })).rejects.toThrow(
      `sweep ${sweepDir}: interrupted with 3 of 3 trials unfinished; no leaderboard written. Jobs already submitted keep running; run the same command again to resume the sweep`,
    );
    expect(existsSync(join(sweepDir, 'leaderboard.md'))).toBe(false);
    expect(existsSync(join(sweepDir, 'best-config.json'))).toBe(false);
    // The orchestrator "exits" here; its detached runners go on. Re-attaching needs their started.json
    // (a runner still booting is not yet visible to a new orchestrator: a known local-executor gap).
    await waitFor(() => [0, 1].every((i) => existsSync(join(sweepDir, 'trials', `t000${i}`, 'attempt-1', 'job', 'started.json'))), 30_000, 'both runners up');
    const s = await runSweep(cfg, { executor: new LocalExecutor({ maxConcurrent: 2 }), commands: toyCommands, poll: FAST, log: quiet, sweepDir });
    expect(s.records.map((r) => [r.state, r.attempts])).toEqual([
      ['completed', 1],
      ['completed', 1],
      ['completed', 1],
    ]);
    expect(Object.values(launchesPerAttempt(sweepDir)).every((n) => n === 1)).toBe(true);
  });

  it('a finished sweep moved to another folder resumes and reports from its new place; no claim files are left', async () => {
    process.env.TOY_STEP_MS = '10';
    const cfg = toyConfig(root, {
      sweep: gridSweep({ 'train.learningRate': [1e-5, 3e-5] }),
    });
    const first = await runSweep(cfg, { executor: new LocalExecutor({ maxConcurrent: 2 }), commands: toyCommands, poll: FAST, log: quiet, sweepDir: join(root, 'move-from') });
    expect(first.records.map((r) => r.state)).toEqual(['completed', 'completed']);
    const jobDirs = [0, 1].map((i) => join('trials', `t000${i}`, 'attempt-1', 'job'));
    // Finished runners released their claims: exit.json/started.json describe the jobs.
    for (const d of jobDirs) expect(readdirSync(join(first.sweepDir, d)).filter((f) => f.startsWith('claim-'))).toEqual([]);
    const to = join(root, 'move-to');
    renameSync(first.sweepDir, to);
    const again = await runSweep(cfg, { executor: new LocalExecutor({ maxConcurrent: 2 }), commands: toyCommands, poll: FAST, log: quiet, sweepDir: to });
    expect(again.records.map((r) => [r.state, r.attempts])).toEqual([
      ['completed', 1],
      ['completed', 1],
    ]);
    expect(again.best?.index).toBe(1);
    expect(again.best?.bestCheckpoint).toBe(join(to, 'trials', 't0001', 'attempt-1', 'run', 'checkpoint-30'));
    expect(existsSync(again.best!.bestCheckpoint!)).toBe(true);
    expect(JSON.parse(readFileSync(again.files.bestConfig!, 'utf8')).train.learningRate).toBe(3e-5);
    expect(launchesPerAttempt(to)).toEqual({ 't0000/attempt-1': 1, 't0001/attempt-1': 1 });
    for (const f of readdirSync(join(to, 'ledger'))) expect(readFileSync(join(to, 'ledger', f), 'utf8')).not.toContain(root);
  });

  it('passes shell metacharacters in values (and so in trial names) through as data', async () => {
    process.env.TOY_STEP_MS = '10';
    const evil = ['$(touch /tmp/pwned)', 'a\'b"c', 'x\ny; touch /tmp/pwned'];
    // The run name itself is a folder name, which the config schema restricts; trial names hold the values.
    const cfg = { ...toyConfig(root), name: 'evil' };
    cfg.orchestrator.sweep = gridSweep({ 'data.textColumn': evil }, { maxConcurrent: 3 });
    const s = await runSweep(cfg, { executor: new LocalExecutor({ maxConcurrent: 3 }), commands: toyCommands, poll: FAST, log: quiet, sweepDir: join(root, 'evil') });
    expect(s.records.map((r) => r.state)).toEqual(['completed', 'completed', 'completed']);
    const seen = s.records.map((r) => JSON.parse(readFileSync(join(s.sweepDir, 'trials', `t000${r.index}`, 'attempt-1', 'run', 'seen-config.json'), 'utf8')).data.textColumn);
    expect(seen).toEqual(evil);
    expect(existsSync('/tmp/pwned')).toBe(false);
  });

  it('fails clearly on an unknown config path, a bad grid value and a random sweep without a trial count, submitting nothing', async () => {
    const grid = (g: Record<string, (string | number)[]>) => toyConfig(root, { sweep: gridSweep(g, { maxConcurrent: 1 }) });
    const executor = new LocalExecutor({ maxConcurrent: 1 });
    const logs: string[] = [];
    const opts = { executor, commands: toyCommands, sweepDir: join(root, 'bad'), log: (l: string) => logs.push(l) };
    await expect(runSweep(grid({ 'train.learningRat': [1] }), opts)).rejects.toThrow(
      'orchestrator.sweep.grid, trial 0 (train.learningRat=1): unknown config key "train.learningRat".',
    );
    await expect(runSweep(grid({ 'train.learningRate': [1e-5, 'abc'] }), opts)).rejects.toThrow(
      'orchestrator.sweep.grid, trial 1 (train.learningRate=abc): train.learningRate: expected number, got string "abc"',
    );
    const rnd = toyConfig(root, {
      sweep: { strategy: 'random', grid: { 'train.learningRate': [1] }, trials: null, maxConcurrent: 1, maxAttempts: 1, keepCheckpoints: 'bestAndLast' },
    });
    await expect(runSweep(rnd, opts)).rejects.toThrow('orchestrator.sweep.trials: random search needs an integer ≥ 1, got null');
    // Nothing was planned out loud, no folder (ledger, job dirs) exists, and the executor was never used.
    expect(logs).toEqual([]);
    expect(existsSync(join(root, 'bad'))).toBe(false);
    await executor.close();
  });

  it('resumes after the orchestrator is SIGKILLed mid-sweep: no trial submitted twice, ledger intact', async () => {
    const cfg = toyConfig(root, {
      sweep: gridSweep({ 'train.learningRate': [1e-5, 2e-5, 3e-5, 4e-5] }),
    });
    const configFile = join(root, 'kill-config.json');
    writeFileSync(configFile, JSON.stringify(cfg));
    const sweepDir = join(root, 'kill');
    process.env.TOY_STEP_MS = '400';
    await killSweepAtTwoSubmitted(configFile, sweepDir, 30_000);
    const before = ledgerRecords(sweepDir);
    expect(before.map((r) => r.state)).toEqual(['submitted', 'submitted', 'pending', 'pending']);
    const second = await startSweepProcess(configFile, sweepDir);
    expect(second.exitCode).toBe(0);
    expect(second.all).toContain('sweep: trial 0 re-attached');
    const after = ledgerRecords(sweepDir);
    expect(after.map((r) => [r.state, r.attempts])).toEqual([
      ['completed', 1],
      ['completed', 1],
      ['completed', 1],
      ['completed', 1],
    ]);
    expect(launchesPerAttempt(sweepDir)).toEqual({ 't0000/attempt-1': 1, 't0001/attempt-1': 1, 't0002/attempt-1': 1, 't0003/attempt-1': 1 });
    expect(JSON.parse(readFileSync(join(sweepDir, 'summary-out.json'), 'utf8')).best).toBe(3);
  }, 90_000);

  it('a runner spawned just before the orchestrator is SIGKILLed is re-attached after the restart, never started twice', async () => {
    // The race: the runner is spawned but has not claimed its job folder (no started.json yet) when
    // the orchestrator dies; the restarted one must not start a second runner on the same folder.
    // The runner's start-delay hook holds it in exactly that window while the test kills.
    const cfg = toyConfig(root, {
      sweep: gridSweep({ 'train.learningRate': [1e-5, 2e-5] }),
    });
    const configFile = join(root, 'race-config.json');
    writeFileSync(configFile, JSON.stringify(cfg));
    const sweepDir = join(root, 'race');
    const jobDirs = [0, 1].map((i) => join(sweepDir, 'trials', `t000${i}`, 'attempt-1', 'job'));
    const runnerStarts = (dir: string): number =>
      existsSync(join(dir, 'runner.log'))
        ? readFileSync(join(dir, 'runner.log'), 'utf8')
            .split('\n')
            .filter((l) => l.includes('before claiming')).length
        : 0;
    const gate = join(root, 'race-gate');
    process.env.TOY_STEP_MS = '50';
    process.env.BERTFIT_JOB_RUNNER_START_GATE = gate;
    try {
      const first = startSweepProcess(configFile, sweepDir);
      await waitFor(() => jobDirs.every((d) => runnerStarts(d) === 1), 30_000, 'both runners spawned');
      first.kill('SIGKILL');
      await first;
      // Inside the window: spawned, nothing claimed or started yet.
      expect(jobDirs.map((d) => existsSync(join(d, 'started.json')))).toEqual([false, false]);
      const second = startSweepProcess(configFile, sweepDir);
      // Let the restarted orchestrator take the sweep and decide (a resubmission would spawn at
      // once), then let the first runners go on.
      await waitFor(
        () => readFileSync(join(sweepDir, 'orchestrator.lock'), { encoding: 'utf8', flag: 'a+' }).includes(`"pid":${second.pid}`),
        30_000,
        'the restarted orchestrator',
      );
      await new Promise((r) => setTimeout(r, 1000));
      writeFileSync(gate, '');
      const done = await second;
      expect(done.exitCode).toBe(0);
      expect(done.all).toContain('sweep: trial 0 re-attached');
      expect(done.all).toContain('sweep: trial 1 re-attached');
    } finally {
      delete process.env.BERTFIT_JOB_RUNNER_START_GATE;
    }
    expect(ledgerRecords(sweepDir).map((r) => [r.state, r.attempts])).toEqual([
      ['completed', 1],
      ['completed', 1],
    ]);
    expect(jobDirs.map(runnerStarts)).toEqual([1, 1]);
    expect(launchesPerAttempt(sweepDir)).toEqual({ 't0000/attempt-1': 1, 't0001/attempt-1': 1 });
  }, 60_000);
});
