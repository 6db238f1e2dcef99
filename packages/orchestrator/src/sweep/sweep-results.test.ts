import { describe, it, expect, afterAll } from '@jest/globals';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveConfig } from '@bertfit/config';
import { LocalExecutor } from '../local/local-executor.js';
import { toyCommands, toyConfig } from '../../test/toy.js';
import { gridSweep } from '../../test/grid-sweep.js';
import { runSweep } from './run-sweep.js';
import { checkpointStep } from '@bertfit/train';

const root = mkdtempSync(join(tmpdir(), 'bertfit-sweep-results-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const FAST = { minMs: 50, maxMs: 300, factor: 1.5 };
const checkpoints = (runDir: string): string[] =>
  readdirSync(runDir)
    .filter((f) => checkpointStep(f) !== null)
    .sort();

describe('what a sweep shows and leaves (toy trainer)', () => {
  it('prints the plan and one line per trial change, ranks on validation with run dirs, keeps best and last checkpoints, writes a trainable best config', async () => {
    process.env.TOY_STEP_MS = '20';
    // warmupSteps 1 makes the toy fail its first attempt; with one attempt those trials fail.
    const cfg = toyConfig(root, {
      sweep: gridSweep({ 'train.learningRate': [1e-5, 3e-5], 'train.warmupSteps': [0, 1] }),
    });
    const lines: string[] = [];
    const sweepDir = join(root, 'results');
    const s = await runSweep(cfg, { executor: new LocalExecutor({ maxConcurrent: 2 }), commands: toyCommands, poll: FAST, log: (l) => lines.push(l), sweepDir });
    const t = (i: number) => join(sweepDir, 'trials', `t000${i}`, 'attempt-1');

    expect(lines.slice(0, 5)).toEqual([
      `sweep plan: 4 trials (grid over train.learningRate, train.warmupSteps), at most 2 at once, into ${sweepDir}`,
      '  trial 0: train.learningRate=0.00001 train.warmupSteps=0',
      '  trial 1: train.learningRate=0.00001 train.warmupSteps=1',
      '  trial 2: train.learningRate=0.00003 train.warmupSteps=0',
      '  trial 3: train.learningRate=0.00003 train.warmupSteps=1',
    ]);
    const of = (i: number) => lines.filter((l) => l.startsWith(`sweep: trial ${i} `)).filter((l) => !/ running \(job | job \S+ (PENDING|RUNNING)/.test(l));
    expect(of(2)).toEqual([
      expect.stringMatching(new RegExp(`^sweep: trial 2 submitted as job \\S+ \\(attempt 1\\): train.learningRate=0.00003 train.warmupSteps=0; run dir ${t(2)}/run$`)),
      'sweep: trial 2 step 10: f1_macro 0.6500 (validation)',
      'sweep: trial 2 step 20: f1_macro 0.7000 (validation)',
      'sweep: trial 2 step 30: f1_macro 0.7500 (validation)',
      'sweep: trial 2 step 40: f1_macro 0.7100 (validation)',
      `sweep: trial 2 finished: best f1_macro 0.7500 (validation) at ${t(2)}/run/checkpoint-30`,
    ]);
    expect(of(1).at(-1)).toBe(`sweep: trial 1 failed after 1 attempts: job ended FAILED (exit 1, signal 0, NonZeroExitCode); log ${t(1)}/job/stderr.log`);
    expect(readFileSync(join(t(1), 'job', 'stderr.log'), 'utf8')).toContain('toy: failing the first attempt on purpose');

    const md = readFileSync(s.files.markdown, 'utf8');
    expect(md).toContain('# Sweep leaderboard: f1_macro on validation (10% of the train data, split "head")');
    expect(md).toContain(
      `Trials are ranked by their best f1_macro (higher is better) on validation (10% of the train data, split "head"), the score of the checkpoint train.metricForBest kept. Paths are relative to this folder, ${sweepDir}.`,
    );
    expect(md).toContain('| rank | trial | train.learningRate | train.warmupSteps | f1_macro | state | attempts | requeues | run dir | best checkpoint |');
    expect(md).toContain('| 1 | 2 | 0.00003 | 0 | 0.7500 | completed | 1 | 0 | trials/t0002/attempt-1/run | trials/t0002/attempt-1/run/checkpoint-30 |');
    expect(md).toContain('| 2 | 0 | 0.00001 | 0 | 0.6500 | completed | 1 | 0 | trials/t0000/attempt-1/run | trials/t0000/attempt-1/run/checkpoint-10 |');
    expect(md).toMatch(/\| – \| 1 \| 0.00001 \| 1 \| – \| failed \(job ended FAILED[^|]*\) \| 1 \| 0 \| trials\/t0001\/attempt-1\/run \| – \|/);
    expect(JSON.parse(readFileSync(s.files.json, 'utf8'))).toMatchObject({ metric: 'f1_macro', greaterIsBetter: true, split: 'validation (10% of the train data, split "head")' });

    // keepCheckpoints "bestAndLast": the job ran with train.saveTotalLimit 1, so only the best and the newest are left.
    expect(checkpoints(join(t(0), 'run'))).toEqual(['checkpoint-10', 'checkpoint-40']);
    expect(checkpoints(join(t(2), 'run'))).toEqual(['checkpoint-30', 'checkpoint-40']);
    expect(JSON.parse(readFileSync(join(t(2), 'config.json'), 'utf8')).train.saveTotalLimit).toBe(1);

    // best-config.json: the user's config with the best values, its own name, no grid; a valid config file.
    const best = JSON.parse(readFileSync(s.files.bestConfig!, 'utf8'));
    const id = /-([0-9a-f]{10})$/.exec(sweepDir)?.[1] ?? JSON.parse(readFileSync(join(sweepDir, 'sweep.json'), 'utf8')).sweepId;
    expect(best.name).toBe(`toy-${id}-best`);
    expect(best.outputDir).toBe(root);
    expect(best.orchestrator.sweep.grid).toEqual({});
    expect(best.train).toMatchObject({ learningRate: 3e-5, warmupSteps: 0, saveTotalLimit: null });
    expect(resolveConfig({ file: s.files.bestConfig! }).name).toBe(best.name);
  });

  it('keepCheckpoints "all" leaves every checkpoint and the configured saveTotalLimit', async () => {
    process.env.TOY_STEP_MS = '10';
    const cfg = toyConfig(root, { sweep: gridSweep({ 'train.learningRate': [3e-5] }, { maxConcurrent: 1, keepCheckpoints: 'all' }) });
    const s = await runSweep(cfg, { executor: new LocalExecutor({ maxConcurrent: 1 }), commands: toyCommands, poll: FAST, log: () => undefined, sweepDir: join(root, 'all') });
    const attempt = join(s.sweepDir, 'trials', 't0000', 'attempt-1');
    expect(checkpoints(join(attempt, 'run'))).toEqual(['checkpoint-10', 'checkpoint-20', 'checkpoint-30', 'checkpoint-40']);
    expect(JSON.parse(readFileSync(join(attempt, 'config.json'), 'utf8')).train.saveTotalLimit).toBeNull();
  });
});
