import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveConfig } from '@bertfit/config';
import { train } from './trainer.js';

// Wide enough (H 256, 64 × ≤32 tokens) that onnxruntime splits the embedding gradient's rows across
// two threads: with the racy ScatterND the two runs below differed from step 1 on.
const MODEL = [
  'model.architecture.numHiddenLayers=1', 'model.architecture.hiddenSize=256', 'model.architecture.numAttentionHeads=4',
  'model.architecture.intermediateSize=256', 'train.perDeviceBatchSize=64', 'train.gradientAccumulationSteps=1',
];
const STEPS = 24;

async function run(threads: number): Promise<{ weights: Buffer; losses: number[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'bertfit-determinism-'));
  const set = [...MODEL, `train.threads=${threads}`, `train.maxSteps=${STEPS}`, `train.saveEvery=${STEPS}`, `train.evalEvery=${STEPS}`, 'train.logEvery=1'];
  const r = await train(resolveConfig({ preset: 'demo', cwd: dir, set }), { log: () => {}, progress: { write: () => true } });
  const events = readFileSync(join(r.runDir, 'logs', 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { type: string; loss: number });
  return {
    weights: readFileSync(join(r.runDir, `checkpoint-${STEPS}`, 'model.safetensors')),
    losses: events.filter((e) => e.type === 'train').map((e) => e.loss),
  };
}

describe('training is bitwise reproducible for a fixed thread count', () => {
  it('fresh runs at train.threads=2 write identical model.safetensors', async () => {
    // Three runs, not two: a race shows only when both threads hit the same rows at once.
    const [a, ...others] = [await run(2), await run(2), await run(2)];
    expect(a!.losses).toHaveLength(STEPS);
    for (const b of others) {
      expect(b.losses).toEqual(a!.losses);
      expect(b.weights.equals(a!.weights)).toBe(true);
    }
  }, 180_000);
});
