// fp16 through the Trainer: dynamic loss scaling skips overflowing steps without touching weights or
// AdamW state, grows the scale back, logs it, and a resumed run equals an uninterrupted one.
import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSafetensors } from '../io/safetensors.js';
import { readLossScale } from '../rundir/loss-scale-file.js';
import { readMetricsLog, type TrainEvent } from '../rundir/metrics-log.js';
import { prepareTraining } from './prepare.js';
import { train } from './trainer.js';
import { checkpointDir } from '../rundir/checkpoint-name.js';
import { metricsHistory } from '../../test/metrics-history.js';
import { stopAfter } from '../../test/stop-after.js';
import { tinyConfig } from '../../test/tiny-run.js';

const FP16 = ['train.gradientAccumulationSteps=2', 'train.precision=fp16', 'train.logEvery=1', 'train.warmupSteps=0', 'train.earlyStopping.patience=null'];
const config = (dir: string, set: string[]) => tinyConfig(dir, [...FP16, ...set]);

function quiet(lines: string[] = []) {
  return { log: (l: string) => void lines.push(l), progress: { write: () => true } };
}

async function trainEvents(runDir: string): Promise<TrainEvent[]> {
  return (await readMetricsLog(join(runDir, 'logs', 'metrics.jsonl'))).filter((e): e is TrainEvent => e.type === 'train');
}

const bytesOf = (a: Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

describe('fp16 training with dynamic loss scaling', () => {
  it('an overflow (loss scale 2^40) skips the step: weights and AdamW moments byte-identical, scale halved, lr schedule held', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bertfit-fp16-'));
    const cfg = config(dir, ['train.lossScale.init=1099511627776', 'train.maxSteps=2', 'train.evalEvery=2', 'train.saveEvery=1', 'train.scheduler=linear']);
    const lines: string[] = [];
    const r = await train(cfg, quiet(lines));
    expect(lines.filter((l) => l.startsWith('train.precision'))).toEqual([
      'train.precision "fp16" on cpu: onnxruntime runs the float16 products through casts to float32 and back, so the roundings and loss scaling are fp16\'s but it is not faster than fp32 (use it for checking)',
    ]);
    const initial = (await prepareTraining(cfg, () => {})).store;
    for (const step of [1, 2]) {
      const ckpt = checkpointDir(r.runDir, step);
      const model = await readSafetensors(join(ckpt, 'model.safetensors'));
      for (const [name, t] of model.tensors) expect(bytesOf(t.data).equals(bytesOf(initial.view(name)))).toBe(true);
      const opt = await readSafetensors(join(ckpt, 'optimizer.safetensors'));
      expect(opt.metadata.step).toBe('0');
      for (const t of opt.tensors.values()) expect(t.data.every((x) => Object.is(x, 0))).toBe(true);
      expect(JSON.parse(readFileSync(join(ckpt, 'loss_scale.json'), 'utf8'))).toEqual({
        format: 'bertfit-loss-scale/1',
        scale: 2 ** (40 - step),
        growthTracker: 0,
        skippedSteps: step,
      });
    }
    const events = await trainEvents(r.runDir);
    expect(events.map((e) => [e.step, e.loss_scale, e.skipped_steps, e.grad_norm])).toEqual([
      [1, 2 ** 39, 1, null],
      [2, 2 ** 38, 2, null],
    ]);
    // HF does not step the scheduler on a skipped step: step 2 still runs at the first step's lr (linear, no warmup).
    expect(events.map((e) => e.lr)).toEqual([cfg.train.learningRate, cfg.train.learningRate]);
    expect(events.every((e) => Number.isFinite(e.loss))).toBe(true);
  }, 60_000);

  it('grows the scale after growthInterval clean steps', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bertfit-fp16-'));
    const r = await train(config(dir, ['train.lossScale.init=1024', 'train.lossScale.growthInterval=2', 'train.maxSteps=5', 'train.evalEvery=5', 'train.saveEvery=5']), quiet());
    const events = await trainEvents(r.runDir);
    expect(events.map((e) => [e.loss_scale, e.skipped_steps])).toEqual([
      [1024, 0],
      [2048, 0],
      [2048, 0],
      [4096, 0],
      [4096, 0],
    ]);
    expect(JSON.parse(readFileSync(join(r.runDir, 'checkpoint-5', 'loss_scale.json'), 'utf8'))).toMatchObject({ scale: 4096, growthTracker: 1 });
  }, 60_000);

  it('a run stopped after a checkpoint and resumed equals an uninterrupted one, byte for byte', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bertfit-fp16-'));
    // 2^22 overflows at steps 1, 2 and 4 of this model; interval 3 then grows the scale at step 7, so the
    // checkpoint at step 5 holds a scale, a growth tracker and a skipped-step count that all matter.
    const set = ['train.lossScale.init=4194304', 'train.lossScale.growthInterval=3', 'train.maxSteps=8', 'train.evalEvery=4', 'train.saveEvery=4'];
    const straight = await train(config(dir, ['name=straight', ...set]), quiet());
    const stopped = await train(config(dir, ['name=resumed', ...set]), { ...quiet(), stop: stopAfter(5) });
    expect(stopped).toMatchObject({ status: 'stopped', lastStep: 5 });
    const resumed = await train(config(dir, ['name=resumed', ...set]), { ...quiet(), resume: 'latest' });
    expect(resumed).toMatchObject({ status: 'completed', lastStep: 8 });

    const file = (run: string, f: string) => readFileSync(join(dir, 'runs', run, 'checkpoint-8', f));
    expect(file('resumed', 'model.safetensors').equals(file('straight', 'model.safetensors'))).toBe(true);
    expect(file('resumed', 'optimizer.safetensors').equals(file('straight', 'optimizer.safetensors'))).toBe(true);
    expect(file('resumed', 'loss_scale.json').toString()).toBe(file('straight', 'loss_scale.json').toString());
    const scales = (await trainEvents(straight.runDir)).map((e) => [e.loss_scale, e.skipped_steps]);
    expect(scales.slice(0, 7)).toEqual([
      [2 ** 21, 1],
      [2 ** 20, 2],
      [2 ** 20, 2],
      [2 ** 19, 3],
      [2 ** 19, 3],
      [2 ** 19, 3],
      [2 ** 20, 3],
    ]);
    expect(metricsHistory(resumed.runDir)).toEqual(metricsHistory(straight.runDir));
  }, 120_000);

  it('refuses an fp16 resume from a checkpoint without loss_scale.json, and names a bad field in one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bertfit-fp16-'));
    const once = ['train.maxSteps=1', 'train.evalEvery=1', 'train.saveEvery=1'];
    const fp32 = await train(config(dir, ['name=fp32', 'train.precision=fp32', ...once]), quiet());
    await train(config(dir, ['name=half', ...once]), quiet());
    const from = join(fp32.runDir, 'checkpoint-1');
    await expect(train(config(dir, ['name=half', ...once]), { ...quiet(), resume: from })).rejects.toThrow(
      `cannot resume from ${from} with train.precision "fp16": it has no loss_scale.json (it was not trained in fp16)`,
    );
    writeFileSync(join(from, 'loss_scale.json'), JSON.stringify({ format: 'bertfit-loss-scale/1', scale: -1, growthTracker: 0, skippedSteps: 0 }));
    await expect(readLossScale(from)).rejects.toThrow(`${join(from, 'loss_scale.json')}: field scale must be a positive float32, got -1`);
  }, 60_000);
});
