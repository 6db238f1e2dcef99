import { describe, it, expect, afterAll } from '@jest/globals';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveConfig } from '@bertfit/config';
import { LocalExecutor } from '../local/local-executor.js';
import { toyCommands, toyConfig } from '../../test/toy.js';
import { startAutoProcess, waitFor } from '../../test/sweep-checks.js';
import { autoSettings, runAuto } from './run-auto.js';
import { TEST_LEAK_WARNING } from './auto-machine.js';
import { autoOutcomeLines } from './auto-report.js';

const root = mkdtempSync(join(tmpdir(), 'bertfit-auto-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const FAST = { minMs: 50, maxMs: 200, factor: 1.5 };
const quiet = (): void => undefined;
process.env.TOY_STEP_MS = '300';

describe('runAuto with the local executor (toy trainer)', () => {
  it('tracks train.metricForBest by default, stops on the first drop, cancels training, backs up the best and scores test once', async () => {
    const cfg = toyConfig(root);
    expect(cfg.orchestrator.auto.metric).toBeNull();
    cfg.train.maxSteps = 300; // 30 checkpoints; the toy peaks at the 3rd (lr 3e-5), so training is still running at the drop
    const s = await runAuto(cfg, { executor: new LocalExecutor({ maxConcurrent: 2 }), commands: toyCommands, poll: FAST, log: quiet, workDir: join(root, 'drop') });
    // The toy's f1_macro is its accuracy - 0.02: auto tracked f1_macro, the run's metricForBest.
    expect(s.metric).toBe('f1_macro');
    expect(s.reason).toEqual({ kind: 'drop', step: 40, value: 0.69, previous: 0.73, consecutive: 1 });
    expect(s.evaluated.map((p) => [p.step, p.value])).toEqual([
      [10, 0.63],
      [20, 0.68],
      [30, 0.73],
      [40, 0.69],
    ]);
    expect(s.best).toEqual({ step: 30, value: 0.73, checkpoint: join(root, 'drop', 'best-checkpoint') });
    // What `bertfit auto` prints at the end: the stop reason and the chosen checkpoint with its score.
    expect(autoOutcomeLines(s)).toEqual([
      'auto: stopped: metric dropped at step 40 (0.69 < 0.73, 1 in a row)',
      `auto: chosen checkpoint: step 30 (${join(root, 'drop', 'run', 'checkpoint-30')}), f1_macro 0.7300 on validation; backed up at ${join(root, 'drop', 'best-checkpoint')}`,
      'auto: test (scored once, n 100): accuracy 0.7400, f1_macro 0.7200',
      `auto: report ${s.files.markdown}`,
    ]);
    expect(JSON.parse(readFileSync(join(root, 'drop', 'best-checkpoint', 'scores.json'), 'utf8'))).toEqual({ validation: 0.75, test: 0.74 });
    expect(s.test).toMatchObject({ accuracy: 0.74, n: 100 });
    expect(existsSync(join(root, 'drop', 'run', 'checkpoint-300'))).toBe(false);
    expect(existsSync(join(root, 'drop', 'jobs', 'train', 'cancelled.json'))).toBe(true);
    const md = readFileSync(s.files.markdown, 'utf8');
    expect(md).toContain('Stopped: metric dropped at step 40 (0.69 < 0.73, 1 in a row).');
    expect(md).toContain('| 30 | 0.7300 **best** |  |');
    const svg = readFileSync(s.files.curve, 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('optimizer step');
    expect(readFileSync(s.files.curvePng).subarray(1, 4).toString()).toBe('PNG');
    expect(md).toContain('![curve](curve.png)');
  });

  it('stops at the target; selectOn test warns about leakage and never runs a second test job', async () => {
    const cfg = toyConfig(root, { auto: { metric: 'accuracy', target: 0.69, dropPatience: 1, selectOn: 'test' } });
    const logs: string[] = [];
    const s = await runAuto(cfg, { executor: new LocalExecutor({ maxConcurrent: 2 }), commands: toyCommands, poll: FAST, log: (l) => logs.push(l), workDir: join(root, 'target') });
    expect(s.reason).toEqual({ kind: 'target', step: 20, value: 0.69 });
    expect(s.warnings).toEqual([TEST_LEAK_WARNING]);
    expect(logs[0]).toBe(`auto: warning: ${TEST_LEAK_WARNING}`);
    expect(s.test).toMatchObject({ accuracy: 0.69, n: 100 });
    expect(existsSync(join(root, 'target', 'jobs', 'test-20'))).toBe(false);
  });

  it('evaluates new checkpoints under saveTotalLimit rotation (constant count) and skips rotated-away ones', async () => {
    const cfg = toyConfig(root, { auto: { metric: 'accuracy', target: null, dropPatience: 10, selectOn: 'validation' } });
    cfg.train.saveTotalLimit = 2; // the toy keeps the best and the newest: 1, 2, 2, 2 checkpoints on disk
    const logs: string[] = [];
    const s = await runAuto(cfg, { executor: new LocalExecutor({ maxConcurrent: 2 }), commands: toyCommands, poll: FAST, log: (l) => logs.push(l), workDir: join(root, 'rotate') });
    expect(s.reason).toMatchObject({ kind: 'exhausted', trainingOk: true });
    // 30 and 40 appear while the count stays at 2; 10 and 20 may be rotated away first (timing), then skipped.
    const byStep = new Map(s.evaluated.map((p) => [p.step, p]));
    expect(byStep.get(30)?.value).toBe(0.75);
    expect(byStep.get(40)?.value).toBe(0.71);
    for (const p of s.evaluated) expect(p.value !== null || /checkpoint-\d+ was deleted (before|during) its evaluation/.test(p.error ?? '')).toBe(true);
    expect(s.best).toEqual({ step: 30, value: 0.75, checkpoint: join(root, 'rotate', 'best-checkpoint') });
    expect(JSON.parse(readFileSync(join(root, 'rotate', 'best-checkpoint', 'scores.json'), 'utf8'))).toEqual({ validation: 0.75, test: 0.74 });
  });

  it('killed and run again, re-attaches to its running jobs and evaluates every checkpoint exactly once, in order', async () => {
    const cfg = toyConfig(root, { auto: { metric: 'accuracy', target: null, dropPatience: 10, selectOn: 'validation' } });
    cfg.train.maxSteps = 80;
    const configFile = join(root, 'resume-config.json');
    writeFileSync(configFile, JSON.stringify(cfg));
    const workDir = join(root, 'resume');
    process.env.TOY_STEP_MS = '1500'; // 12 s of training: still running when the orchestrator is killed
    const first = startAutoProcess(configFile, workDir);
    // Killed with checkpoint-10 evaluated and checkpoint-20's evaluation started: both jobs in flight.
    await waitFor(() => existsSync(join(workDir, 'jobs', 'eval-20-validation', 'started.json')), 60_000, 'the second evaluation');
    first.kill('SIGKILL');
    await first;
    expect(existsSync(join(workDir, 'train-result.json'))).toBe(false);
    const second = await startAutoProcess(configFile, workDir);
    expect(second.exitCode).toBe(0);
    expect(second.all).toMatch(/auto: resuming .* \(\d checkpoint\(s\) evaluated, last step \d0\)/);
    expect(second.all).toContain(`auto: re-attached to job`);
    expect(second.all).toContain(`${join(workDir, 'jobs', 'train')}, started by an earlier run`);
    expect(second.all).toContain(`${join(workDir, 'jobs', 'eval-20-validation')}, started by an earlier run`);
    const s = JSON.parse(readFileSync(join(workDir, 'report', 'summary.json'), 'utf8'));
    expect(s.reason).toMatchObject({ kind: 'exhausted', trainingOk: true });
    expect(s.evaluated.map((p: { step: number; value: number }) => [p.step, p.value])).toEqual([
      [10, 0.65],
      [20, 0.7],
      [30, 0.75],
      [40, 0.71],
      [50, 0.67],
      [60, 0.63],
      [70, 0.59],
      [80, 0.55],
    ]);
    expect(s.best).toMatchObject({ step: 30, value: 0.75 });
    // Training ran once; each checkpoint was scored once on validation, in order, and the best once on test.
    expect(readFileSync(join(workDir, 'launches.log'), 'utf8').trim().split('\n')).toHaveLength(1);
    expect(
      readFileSync(join(workDir, 'evals', 'infer-launches.log'), 'utf8')
        .trim()
        .split('\n'),
    ).toEqual([...[10, 20, 30, 40, 50, 60, 70, 80].map((k) => `checkpoint-${k} validation`), 'best-checkpoint test']);
    // Run once more after the end: nothing is submitted again, the same report comes back.
    const third = await startAutoProcess(configFile, workDir);
    expect(third.exitCode).toBe(0);
    expect(
      readFileSync(join(workDir, 'evals', 'infer-launches.log'), 'utf8')
        .trim()
        .split('\n'),
    ).toHaveLength(9);
    expect(readFileSync(join(workDir, 'launches.log'), 'utf8').trim().split('\n')).toHaveLength(1);
    const changed = { ...cfg, train: { ...cfg.train, learningRate: 1e-5 } };
    await expect(runAuto(changed, { commands: toyCommands, log: quiet, workDir })).rejects.toThrow(
      `auto: work dir ${workDir} was started with another config (${join(workDir, 'run-config.json')}); run the same config to resume it, or choose another \`name\` (or workDir) to start a fresh run`,
    );
  }, 120_000);

  it('interrupted (SIGINT in the CLI), it leaves its jobs running and the same call resumes it', async () => {
    process.env.TOY_STEP_MS = '300';
    const cfg = toyConfig(root, { auto: { metric: 'accuracy', target: null, dropPatience: 10, selectOn: 'validation' } });
    cfg.train.maxSteps = 60;
    const workDir = join(root, 'interrupted');
    const ctl = new AbortController();
    const log = (line: string): void => {
      if (line.startsWith('auto: evaluating checkpoint-10 ')) ctl.abort();
    };
    await expect(runAuto(cfg, { executor: new LocalExecutor({ maxConcurrent: 2 }), commands: toyCommands, poll: FAST, log, signal: ctl.signal, workDir })).rejects.toThrow(
      `auto: interrupted before a stop decision; its jobs keep running; run the same command again to resume ${workDir}`,
    );
    expect(existsSync(join(workDir, 'jobs', 'train', 'cancelled.json'))).toBe(false);
    const s = await runAuto(cfg, { executor: new LocalExecutor({ maxConcurrent: 2 }), commands: toyCommands, poll: FAST, log: quiet, workDir });
    expect(s.evaluated.map((p) => p.step)).toEqual([10, 20, 30, 40, 50, 60]);
    expect(readFileSync(join(workDir, 'launches.log'), 'utf8').trim().split('\n')).toHaveLength(1);
    expect(
      readFileSync(join(workDir, 'evals', 'infer-launches.log'), 'utf8')
        .trim()
        .split('\n'),
    ).toEqual([...[10, 20, 30, 40, 50, 60].map((k) => `checkpoint-${k} validation`), 'best-checkpoint test']);
  });

  it('a percent target or a zero patience fails in the config schema, the one check of orchestrator.auto', () => {
    expect(() => resolveConfig({ set: ['orchestrator.auto.target=79.43'] })).toThrow('orchestrator.auto.target: 79.43 is out of range, expected a value ≤ 1');
    expect(() => resolveConfig({ set: ['orchestrator.auto.dropPatience=0'] })).toThrow('orchestrator.auto.dropPatience: 0 is out of range, expected a value ≥ 1');
    // What the schema accepts, auto takes as it is (no second, stricter or looser, rule).
    const cfg = resolveConfig({ set: ['orchestrator.auto.target=1', 'orchestrator.auto.dropPatience=3', 'orchestrator.auto.metric=loss'] });
    expect(autoSettings(cfg)).toEqual({ metric: 'loss', target: 1, dropPatience: 3, selectOn: 'validation', greaterIsBetter: false });
  });

  it('refuses to start into a non-empty work dir (an earlier run), naming it and submitting nothing', async () => {
    const dir = join(root, 'reused');
    mkdirSync(join(dir, 'jobs', 'train'), { recursive: true });
    writeFileSync(join(dir, 'jobs', 'train', 'exit.json'), '{"exitCode":0}');
    await expect(runAuto(toyConfig(root), { commands: toyCommands, log: quiet, workDir: dir })).rejects.toThrow(
      `auto: work dir ${dir} is not empty and holds no auto-state.json (not left by a resumable auto run); remove it, or choose another \`name\` in the config (or workDir), to start a fresh run`,
    );
    expect(existsSync(join(dir, 'run-config.json'))).toBe(false);
  });
});
