import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveConfig } from '@bertfit/config';
import { train } from './trainer.js';
import { checkpointDir } from '../rundir/checkpoint-name.js';

// Wide enough (H 256, 64 × ≤32 tokens) that onnxruntime splits the embedding gradient's rows across
// two threads: with the racy ScatterND these runs differed from step 1 on.
const MODEL = [
  'model.architecture.numHiddenLayers=1',
  'model.architecture.hiddenSize=256',
  'model.architecture.numAttentionHeads=4',
  'model.architecture.intermediateSize=256',
  'train.perDeviceBatchSize=64',
  'train.gradientAccumulationSteps=1',
];
const STEPS = 24;

const quiet = { log: () => {}, progress: { write: () => true } };

function config(dir: string, threads: number) {
  const set = [...MODEL, `train.threads=${threads}`, `train.maxSteps=${STEPS}`, `train.saveEvery=${STEPS / 2}`, `train.evalEvery=${STEPS}`, 'train.logEvery=1'];
  return resolveConfig({ preset: 'demo', cwd: dir, set });
}

async function run(threads: number): Promise<{ runDir: string; weights: Buffer; optimizer: Buffer; losses: number[] }> {
  const r = await train(config(mkdtempSync(join(tmpdir(), 'bertfit-determinism-')), threads), quiet);
  const events = readFileSync(join(r.runDir, 'logs', 'metrics.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { type: string; loss: number });
  return {
    runDir: r.runDir,
    weights: readFileSync(join(checkpointDir(r.runDir, STEPS), 'model.safetensors')),
    optimizer: readFileSync(join(checkpointDir(r.runDir, STEPS), 'optimizer.safetensors')),
    losses: events.filter((e) => e.type === 'train').map((e) => e.loss),
  };
}

describe('training is bitwise reproducible for a fixed thread count (here 2)', () => {
  it('fresh runs at train.threads=2 write identical model.safetensors and optimizer.safetensors', async () => {
    // Three runs, not two: a race shows only when both threads hit the same rows at once.
    const [a, ...others] = [await run(2), await run(2), await run(2)];
    expect(a!.losses).toHaveLength(STEPS);
    for (const b of others) {
      expect(b.losses).toEqual(a!.losses);
      expect(b.weights.equals(a!.weights)).toBe(true);
      expect(b.optimizer.equals(a!.optimizer)).toBe(true);
    }
  }, 180_000);

  it('a run resumed at train.threads=2 ends with the same weights as the uninterrupted one', async () => {
    const whole = await run(2);
    // Resuming from the middle replaces the later checkpoint (moved to abandoned/) with the resumed run's.
    const resumed = await train(config(join(whole.runDir, '..', '..'), 2), { ...quiet, resume: checkpointDir(whole.runDir, STEPS / 2) });
    expect(resumed).toMatchObject({ status: 'completed', lastStep: STEPS });
    expect(readFileSync(join(checkpointDir(whole.runDir, STEPS), 'model.safetensors')).equals(whole.weights)).toBe(true);
  }, 180_000);
});
