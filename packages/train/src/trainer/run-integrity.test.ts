import { describe, expect, it } from '@jest/globals';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSafetensors, writeSafetensors } from '../io/safetensors.js';
import { readMetricsLog } from '../rundir/metrics-log.js';
import { train } from './trainer.js';
import { checkpointDir, checkpointStep } from '../rundir/checkpoint-name.js';
import { stopAfter } from '../../test/stop-after.js';
import { quiet, tinyConfig } from '../../test/tiny-run.js';

// Reliability of a run dir through the real trainer: one writer at a time, corrupt checkpoints
// skipped on resume, and runs that never checkpointed restarted instead of refused.
const CADENCE = ['train.maxSteps=12', 'train.evalEvery=4', 'train.saveEvery=4', 'train.logEvery=2', 'train.earlyStopping.patience=null'];
const config = (dir: string) => tinyConfig(dir, CADENCE);

function weightsOf(runDir: string, step: number): Buffer {
  return readFileSync(join(checkpointDir(runDir, step), 'model.safetensors'));
}

describe('run dir integrity', () => {
  it('two resumes of one run at once: one proceeds, the other fails at once naming the holder; the result equals an uninterrupted run byte for byte', async () => {
    const straightDir = mkdtempSync(join(tmpdir(), 'bertfit-int-'));
    const straight = await train(config(straightDir), quiet);
    const dir = mkdtempSync(join(tmpdir(), 'bertfit-int-'));
    const stopped = await train(config(dir), { ...quiet, stop: stopAfter(6) });
    expect(stopped).toMatchObject({ status: 'stopped', lastStep: 6 });
    const [a, b] = await Promise.allSettled([train(config(dir), { ...quiet, resume: 'latest' }), train(config(dir), { ...quiet, resume: 'latest' })]);
    const outcomes = [a, b].map((r) => r.status);
    expect(outcomes.sort()).toEqual(['fulfilled', 'rejected']);
    const loser = [a, b].find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect((loser.reason as Error).message).toMatch(new RegExp(`^run dir ${stopped.runDir} is in use by process ${process.pid} on `));
    expect(weightsOf(stopped.runDir, 12).equals(weightsOf(straight.runDir, 12))).toBe(true);
    expect(existsSync(join(stopped.runDir, '.lock'))).toBe(false);
  }, 180_000);

  it('resume latest skips a checkpoint with same-size corruption, naming the file, and resumes from the previous good one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bertfit-int-'));
    const stopped = await train(config(dir), { ...quiet, stop: stopAfter(8) });
    const optimizer = join(stopped.runDir, 'checkpoint-8', 'optimizer.safetensors');
    const bytes = readFileSync(optimizer);
    bytes[bytes.length - 3] = bytes[bytes.length - 3]! ^ 0x40;
    writeFileSync(optimizer, bytes);
    const lines: string[] = [];
    const resumed = await train(config(dir), { log: (l) => lines.push(l), progress: { write: () => true }, resume: 'latest' });
    expect(resumed.lastStep).toBe(12);
    expect(lines).toContain(
      `skipping ${join(stopped.runDir, 'checkpoint-8')}: optimizer.safetensors is corrupt (its SHA-256 differs from the one recorded in .complete); falling back to ${join(stopped.runDir, 'checkpoint-4')}`,
    );
    expect(lines.some((l) => l.startsWith(`resuming from ${join(stopped.runDir, 'checkpoint-4')} at step 4`))).toBe(true);
    // An explicit resume from the damaged folder is refused, naming the file.
    const explicit = train(config(dir), {
      log: () => {},
      progress: { write: () => true },
      resume: join(resumed.runDir, 'abandoned', readdirSync(join(resumed.runDir, 'abandoned'))[0]!, 'checkpoint-8'),
    });
    await expect(explicit).rejects.toThrow(/cannot be resumed from: optimizer.safetensors is corrupt/);
  }, 180_000);

  it('a run stopped before its first checkpoint starts again, fresh or with --resume latest, its leftovers moved to abandoned/', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bertfit-int-'));
    const runDir = join(dir, 'runs', 'demo');
    for (const resume of [undefined, 'latest'] as const) {
      // What a SIGKILL before step 4 leaves: the config, a log, an unpublished tmp folder.
      await train(config(dir), { ...quiet, stop: stopAfter(2), ...(resume ? { resume } : {}) }).catch(() => undefined);
      for (const name of readdirSync(runDir).filter((n) => checkpointStep(n) !== null || n === 'best')) {
        writeFileSync(join(runDir, name, '.complete'), 'torn');
      }
      const lines: string[] = [];
      const again = await train(config(dir), { log: (l) => lines.push(l), progress: { write: () => true }, ...(resume ? { resume } : {}) });
      expect(again).toMatchObject({ status: 'completed', lastStep: 12 });
      expect(lines.some((l) => /moved aside to .*abandoned/.test(l))).toBe(true);
      if (resume) expect(lines).toContain(`--resume latest: ${runDir} has no complete checkpoint (the run stopped before its first one); starting it fresh`);
      for (const name of readdirSync(runDir).filter((n) => checkpointStep(n) !== null || n === 'best')) {
        writeFileSync(join(runDir, name, '.complete'), 'torn');
      }
    }
    expect(readdirSync(join(runDir, 'abandoned')).length).toBe(3);
  }, 180_000);

  it('a resume whose logs/metrics.jsonl was lost rebuilds it from trainer_state.json, so the history starts at step 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bertfit-int-'));
    const stopped = await train(config(dir), { ...quiet, stop: stopAfter(6) });
    rmSync(join(stopped.runDir, 'logs', 'metrics.jsonl'));
    const lines: string[] = [];
    await train(config(dir), { log: (l) => lines.push(l), progress: { write: () => true }, resume: 'latest' });
    const events = (await readMetricsLog(join(stopped.runDir, 'logs', 'metrics.jsonl'))).map((e) => `${e.type}@${e.step}`);
    expect(events).toEqual(['train@1', 'train@2', 'train@4', 'eval@4', 'train@6', 'train@8', 'eval@8', 'train@10', 'train@12', 'eval@12', 'end@12']);
    expect(lines.some((l) => l.includes('is missing or empty; rebuilt its 5 events up to step 6'))).toBe(true);
  }, 120_000);

  it('a non-finite loss stops training at that step with a clear error, and nothing non-finite is checkpointed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bertfit-int-'));
    // Σ w·nll overflows float32: the loss is Inf/Inf = NaN at the first step.
    const cfg = tinyConfig(dir, [...CADENCE, 'train.classWeights=1e38,1e38,1e38']);
    await expect(train(cfg, quiet)).rejects.toThrow(/^training stopped at step 1: the loss is NaN\. Nothing from this step was checkpointed/);
    expect(readdirSync(join(dir, 'runs', 'demo')).filter((n) => checkpointStep(n) !== null)).toEqual([]);
  }, 60_000);

  it('NaN in the starting weights is refused before training, naming the tensor and the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bertfit-int-'));
    const first = await train(config(dir), quiet);
    const model = join(dir, 'nan-model');
    cpSync(first.bestDir!, model, { recursive: true });
    const file = await readSafetensors(join(model, 'model.safetensors'));
    file.tensors.get('classifier.bias')!.data[1] = Number.NaN;
    await writeSafetensors(join(model, 'model.safetensors'), file.tensors.entries());
    const cfg = tinyConfig(dir, [...CADENCE, `model.name=${model}`, 'model.init=pretrained', 'name=from-nan']);
    await expect(train(cfg, quiet)).rejects.toThrow(
      `pretrained weights ${model}/model.safetensors: tensor 'classifier.bias' holds NaN at index 1; non-finite weights cannot train or predict`,
    );
  }, 120_000);
});
