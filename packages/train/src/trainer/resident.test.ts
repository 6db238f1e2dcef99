import { describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveConfig } from '@bertfit/config';
import { readSafetensors } from '../io/safetensors.js';
import { readMetricsLog } from '../rundir/metrics-log.js';
import type { TrainEvent } from '../rundir/metrics-log.js';
import { runLength } from './resident-steps.js';
import { train } from './trainer.js';
import { stopAfter } from '../../test/stop-after.js';
import { quiet, TINY_MODEL } from '../../test/tiny-run.js';

// Tiny BERT on the demo data, A = 2, dropout 0.1, clip 1.0; cadence 5 makes runs of 1, 3, 1, 3, 2 steps at K = 3.
const TINY = [
  ...TINY_MODEL,
  'train.perDeviceBatchSize=16',
  'train.gradientAccumulationSteps=2',
  'train.threads=1',
  'train.maxSteps=10',
  'train.logEvery=5',
  'train.evalEvery=5',
  'train.saveEvery=5',
  'train.earlyStopping.patience=null',
];

async function run(stepsPerRun: number, resume?: { dir: string; from: string }) {
  const dir = resume?.dir ?? mkdtempSync(join(tmpdir(), 'bertfit-resident-'));
  const r = await train(resolveConfig({ preset: 'demo', cwd: dir, set: [...TINY, `train.stepsPerRun=${stepsPerRun}`] }), { ...quiet, resume: resume?.from });
  const weights = (await readSafetensors(join(r.runDir, 'checkpoint-10', 'model.safetensors'))).tensors;
  const events = (await readMetricsLog(join(r.runDir, 'logs', 'metrics.jsonl'))).filter((e): e is TrainEvent => e.type === 'train');
  return { r, weights, events };
}

describe('resident training in the Trainer', () => {
  it('ends runs at the steps that log, evaluate, save or end the run', () => {
    const t = { logEvery: 5, evalEvery: 5, saveEvery: 5 };
    const lengths: number[] = [];
    for (let step = 0; step < 10; step += lengths.at(-1)!) lengths.push(runLength(step, 3, t, 10));
    expect(lengths).toEqual([1, 3, 1, 3, 2]);
    expect(runLength(0, 4, { logEvery: 50, evalEvery: 250, saveEvery: 250 }, 1000)).toBe(1); // step 1 is always logged
    expect(runLength(1, 4, { logEvery: 50, evalEvery: 250, saveEvery: 250 }, 1000)).toBe(4);
    expect(runLength(47, 4, { logEvery: 50, evalEvery: 250, saveEvery: 250 }, 1000)).toBe(3);
  });

  it('trains like the ordinary path (K = 3 vs 1), and a resume from a run boundary is exact', async () => {
    const ordinary = await run(1);
    const resident = await run(3);
    expect(resident.r).toMatchObject({ status: 'completed', reason: 'max_steps', lastStep: 10 });
    expect(resident.events.map((e) => e.step)).toEqual([1, 5, 10]);
    let worst = 0;
    for (const [name, t] of ordinary.weights) {
      const other = resident.weights.get(name)!.data;
      t.data.forEach((x, i) => (worst = Math.max(worst, Math.abs(x - other[i]!))));
    }
    // Measured: weights 7e-9, losses 8e-8, grad norms 5e-10 (micro-batches padded to each run's longest: rounding only).
    expect(worst).toBeLessThan(1e-6);
    resident.events.forEach((e, i) => {
      expect(Math.abs(e.loss - ordinary.events[i]!.loss)).toBeLessThan(1e-6);
      // A null (non-finite) norm reads as NaN here, so it fails the comparison.
      expect(Math.abs((e.grad_norm ?? NaN) - (ordinary.events[i]!.grad_norm ?? NaN))).toBeLessThan(1e-6);
    });
    // Resumed from checkpoint-5 (after a 1-step run, before a 3-step one) in the same run dir: the same
    // runs after it, bit for bit.
    const resumed = await run(3, { dir: join(resident.r.runDir, '..', '..'), from: join(resident.r.runDir, 'checkpoint-5') });
    for (const [name, t] of resident.weights) expect(resumed.weights.get(name)!.data).toEqual(t.data);
    const after5 = (e: TrainEvent[]) => e.filter((x) => x.step > 5).map(({ samples_per_second: _, ...rest }) => rest);
    expect(after5(resumed.events)).toEqual(after5(resident.events));
  }, 120_000);

  it('honours a stop signal only at the end of a resident run, when the store holds the weights', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bertfit-resident-'));
    // The loop polls the flag once per step; it is up from the poll after step 2, inside the run of steps 2–4.
    const r = await train(resolveConfig({ preset: 'demo', cwd: dir, set: [...TINY, 'train.stepsPerRun=3'] }), { ...quiet, stop: stopAfter(2) });
    expect(r).toMatchObject({ status: 'stopped', reason: 'signal', lastStep: 4 });
    expect(existsSync(join(r.runDir, 'checkpoint-4', '.complete'))).toBe(true);
    expect(existsSync(join(r.runDir, 'checkpoint-2'))).toBe(false);
  }, 60_000);
});
