import { describe, expect, it } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveConfig } from '@bertfit/config';
import { readSafetensors } from '../io/safetensors.js';
import { train } from './trainer.js';
import { checkpointDir } from '../rundir/checkpoint-name.js';
import { metricsHistory as history } from '../../test/metrics-history.js';
import { stopAfter } from '../../test/stop-after.js';
import { quiet, TINY_MODEL } from '../../test/tiny-run.js';

// Real runs of the Trainer with two CPU replicas (worker threads) against one replica on the same
// global batch: dropout on (the demo's 0.1), threads 1, a tiny BERT.
const TINY = [...TINY_MODEL, 'train.threads=1', 'train.warmupSteps=0', 'train.logEvery=1', 'train.earlyStopping.patience=null'];

function config(dir: string, name: string, set: string[]) {
  return resolveConfig({ preset: 'demo', cwd: dir, set: [...TINY, `name=${name}`, ...set] });
}

async function weights(runDir: string, step: number): Promise<Map<string, Float32Array>> {
  const f = await readSafetensors(join(checkpointDir(runDir, step), 'model.safetensors'));
  return new Map([...f.tensors].map(([k, t]) => [k, t.data]));
}

/** Largest |a − b| over every tensor of two checkpoints, with the tensor that has it. */
function worst(a: Map<string, Float32Array>, b: Map<string, Float32Array>): { diff: number; name: string } {
  let w = { diff: 0, name: '' };
  for (const [name, x] of a) {
    const y = b.get(name)!;
    for (let i = 0; i < x.length; i++) if (Math.abs(x[i]! - y[i]!) > w.diff) w = { diff: Math.abs(x[i]! - y[i]!), name };
  }
  return w;
}

describe('data parallelism over train.devices', () => {
  it.each([1, 2])(
    '2 CPU replicas × batch 4 make the same updates as 1 replica × batch 8 (accumulation %i, dropout on)',
    async (accumulation) => {
      const dir = mkdtempSync(join(tmpdir(), 'bertfit-dp-'));
      const steps = ['train.maxSteps=3', 'train.evalEvery=3', 'train.saveEvery=3', `train.gradientAccumulationSteps=${accumulation}`];
      const one = await train(config(dir, 'one', [...steps, 'train.perDeviceBatchSize=8']), quiet);
      const lines: string[] = [];
      const two = await train(config(dir, 'two', [...steps, 'train.perDeviceBatchSize=4', 'train.devices=cpu,cpu']), { ...quiet, log: (l) => lines.push(l) });
      expect(lines).toContainEqual(expect.stringContaining(`effective batch 4 × ${accumulation} accumulation × 2 replicas`));
      expect(two).toMatchObject({ status: 'completed', lastStep: 3 });
      const w = worst(await weights(one.runDir, 3), await weights(two.runDir, 3));
      expect(w.diff).toBeLessThanOrEqual(1e-6);
      // The same examples in every step: the logged losses agree to float rounding.
      const losses = (runDir: string) => history(runDir).flatMap((e) => ((e as { type: string }).type === 'train' ? [(e as { loss: number }).loss] : []));
      losses(two.runDir).forEach((l, i) => expect(Math.abs(l - losses(one.runDir)[i]!)).toBeLessThan(1e-5));
    },
    240_000,
  );

  it('a 2-replica run stopped and resumed ends exactly like an uninterrupted 2-replica run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bertfit-dp-'));
    // 2700 train examples / (48 × 2 replicas) = 28 global micro-batches (dropLast), 14 steps per epoch
    // with accumulation 2: 16 steps cross an epoch boundary; the resume is mid-epoch.
    const set = ['train.maxSteps=16', 'train.evalEvery=8', 'train.saveEvery=8', 'train.gradientAccumulationSteps=2', 'train.perDeviceBatchSize=48', 'train.devices=cpu,cpu'];
    const straight = await train(config(dir, 'straight', set), quiet);
    // raised when the loop polls it after step 5: it checkpoints there and returns
    const first = await train(config(dir, 'resumed', set), { ...quiet, stop: stopAfter(5) });
    expect(first).toMatchObject({ status: 'stopped', lastStep: 5 });
    const lines: string[] = [];
    const done = await train(config(dir, 'resumed', set), { ...quiet, resume: 'latest', log: (l) => lines.push(l) });
    expect(lines).toContainEqual(expect.stringMatching(/^schedule: 14 optimizer steps per epoch, 16 in all, effective batch 48 × 2 accumulation × 2 replicas/));
    expect(lines).toContainEqual(expect.stringMatching(/^resuming from .*checkpoint-5 at step 5 \(epoch 0, micro-batch 10\)$/));
    expect(done).toMatchObject({ status: 'completed', lastStep: 16 });
    const w = worst(await weights(straight.runDir, 16), await weights(done.runDir, 16));
    expect(w.diff).toBe(0);
    expect(history(done.runDir)).toEqual(history(straight.runDir));
    // Which devices may change on resume, not how many: the replicas split each global micro-batch.
    const oneDevice = set.map((x) => (x.startsWith('train.devices=') ? 'train.devices=cpu' : x));
    await expect(train(config(dir, 'resumed', oneDevice), { ...quiet, resume: 'latest' })).rejects.toThrow(
      `cannot resume ${done.runDir}: this config differs from its run-config.json in train.devices (run "2 devices", now "1 device")`,
    );
  }, 480_000);

  it('names the global batch when it exceeds the training examples', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bertfit-dp-'));
    await expect(train(config(dir, 'big', ['train.perDeviceBatchSize=2000', 'train.devices=cpu,cpu']), quiet)).rejects.toThrow(
      'train.perDeviceBatchSize 2000 × 2 train.devices = 4000 exceeds the 2700 training examples with dropLast; lower the batch size',
    );
  });
});
