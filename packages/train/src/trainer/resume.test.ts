import { afterAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readSafetensors } from '../io/safetensors.js';
import { checkpointDir, checkpointStep } from '../rundir/checkpoint-name.js';
import { metricsHistory as history } from '../../test/metrics-history.js';
import { TINY_MODEL } from '../../test/tiny-run.js';

// Real runs of the CLI in child processes: one uninterrupted, one SIGKILLed at several points
// (after a given step, and while a checkpoint is being written) and resumed each time.
// The CLI from source, as every test runs the packages (tools/bin/bertfit.js runs their build).
const CLI = ['--conditions=@bertfit/source', '--import', 'tsx', fileURLToPath(new URL('../../../../tools/src/cli.ts', import.meta.url))];
const SET = [
  ...TINY_MODEL,
  'train.maxSteps=24',
  'train.evalEvery=6',
  'train.saveEvery=6',
  'train.logEvery=2',
  // 2700 demo examples / 96 = 28 micro-batches = 14 optimizer steps per epoch: the run crosses an epoch boundary.
  'train.gradientAccumulationSteps=2',
  'train.perDeviceBatchSize=96',
  'train.threads=1',
  'train.earlyStopping.patience=null',
  'train.saveTotalLimit=2',
];
const ARGS = ['--preset', 'demo', ...SET.flatMap((s) => ['--set', s])];
const work = mkdtempSync(join(tmpdir(), 'bertfit-resume-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/** Runs `bertfit train`; `killWhen` is polled every 2 ms and sends `signal` once it returns true. */
function trainProcess(outputDir: string, extra: string[], killWhen?: () => boolean, signal: NodeJS.Signals = 'SIGKILL'): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...CLI, 'train', ...ARGS, '--set', `outputDir=${outputDir}`, ...extra], {
      env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    let sent = false;
    const timer = killWhen
      ? setInterval(() => {
          if (!sent && killWhen()) sent = child.kill(signal);
        }, 2)
      : null;
    child.on('exit', (code, signal) => {
      if (timer) clearInterval(timer);
      resolve({ code, signal, stderr });
    });
  });
}

function loggedSteps(runDir: string): number {
  const file = join(runDir, 'logs', 'metrics.jsonl');
  if (!existsSync(file)) return 0;
  const lines = readFileSync(file, 'utf8').trim().split('\n').filter(Boolean);
  return lines.length ? (JSON.parse(lines.at(-1)!) as { step: number }).step : 0;
}

async function finalWeights(runDir: string): Promise<Map<string, Float32Array>> {
  const f = await readSafetensors(join(runDir, 'checkpoint-24', 'model.safetensors'));
  return new Map([...f.tensors].map(([k, t]) => [k, t.data]));
}

describe('resume after SIGKILL', () => {
  it('ends with the same weights and metrics history as an uninterrupted run', async () => {
    const straight = join(work, 'straight');
    const a = await trainProcess(straight, []);
    expect(a.stderr).not.toMatch(/bertfit:/);
    expect(a.code).toBe(0);

    const killed = join(work, 'killed');
    const runDir = join(killed, 'demo');
    // 1. killed mid-training, some steps after the checkpoint at step 6
    const k1 = await trainProcess(killed, [], () => loggedSteps(runDir) >= 8);
    expect(k1.signal).toBe('SIGKILL');
    // 2. resumed, then killed while a checkpoint folder is being written
    const writing = () => existsSync(runDir) && readdirSync(runDir).some((n) => n.startsWith('.tmp-checkpoint-'));
    const k2 = await trainProcess(killed, ['--resume', 'latest'], writing);
    // Usually killed inside a checkpoint write; if the process won the race it simply finished.
    expect(k2.signal === 'SIGKILL' || k2.code === 0).toBe(true);
    // 3. resumed to the end
    const done = await trainProcess(killed, ['--resume', 'latest']);
    expect(done.stderr).not.toMatch(/bertfit:/);
    expect(done.code).toBe(0);
    expect(done.stderr).toMatch(/resuming from .*checkpoint-\d+ at step \d+/);

    const [wa, wb] = [await finalWeights(join(straight, 'demo')), await finalWeights(runDir)];
    expect([...wb.keys()]).toEqual([...wa.keys()]);
    let maxDiff = 0;
    for (const [name, x] of wa) {
      const y = wb.get(name)!;
      for (let i = 0; i < x.length; i++) maxDiff = Math.max(maxDiff, Math.abs(x[i]! - y[i]!));
    }
    expect(maxDiff).toBeLessThanOrEqual(1e-6);
    expect(history(runDir)).toEqual(history(join(straight, 'demo')));
    // rotation kept at most 2 checkpoints + the best, and no half-written folder is left
    const left = readdirSync(runDir).filter((n) => checkpointStep(n) !== null || n.startsWith('.tmp'));
    expect(left.filter((n) => n.startsWith('.tmp'))).toEqual([]);
    expect(left.length).toBeLessThanOrEqual(3);
  }, 240_000);

  it('SIGINT saves a checkpoint at the current step, exits 130, and the run resumes from it', async () => {
    const outputDir = join(work, 'interrupted');
    const runDir = join(outputDir, 'demo');
    const stopped = await trainProcess(outputDir, [], () => loggedSteps(runDir) >= 8, 'SIGINT');
    expect(stopped.code).toBe(130);
    expect(stopped.stderr).toMatch(/SIGINT: stopping after the next checkpoint/);
    const saved = readdirSync(runDir)
      .filter((n) => checkpointStep(n) !== null)
      .map((n) => checkpointStep(n)!);
    const last = Math.max(...saved);
    expect(last).toBeGreaterThanOrEqual(8);
    expect(last).toBeLessThan(24);
    expect(existsSync(join(checkpointDir(runDir, last), '.complete'))).toBe(true);
    const resumed = await trainProcess(outputDir, ['--resume', 'latest']);
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toContain(`resuming from ${checkpointDir(runDir, last)} at step ${last}`);
  }, 120_000);
});
