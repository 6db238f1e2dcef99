import { describe, it, expect } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AdamW } from './adamw.js';
import { readAdamWState, writeAdamWState } from './adamw-state-file.js';
import { ParamStore } from '../runtime/param-store.js';
import { writeSafetensors } from '../io/safetensors.js';
import type { ParamSpec } from '../models/bert-params.js';

const specs: ParamSpec[] = [
  { name: 'w', shape: [2, 2], decay: true, init: 'normal' },
  { name: 'b', shape: [2], decay: false, init: 'zeros' },
];
const opts = { beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.01 };
const dir = mkdtempSync(join(tmpdir(), 'bertfit-adamw-'));
const grad = (k: number) => new Float32Array([0.1, -0.2, 0.3, -0.4, 0.5, -0.6].map((x) => x * (k + 1)));

describe('AdamW state file', () => {
  it('round-trips, and a run resumed from it is bit-identical to an uninterrupted one', async () => {
    const a = ParamStore.create(specs);
    a.flat.set([1, 2, 3, 4, 5, 6]);
    const optA = new AdamW(a, opts);
    optA.step(grad(0), 0.01);
    optA.step(grad(1), 0.01);
    const path = join(dir, 'optimizer.safetensors');
    await writeAdamWState(path, a, optA.state());
    const b = a.clone();
    const optB = new AdamW(b, opts);
    optB.loadState(await readAdamWState(path, b));
    expect(optB.state().step).toBe(2);
    optA.step(grad(2), 0.005);
    optB.step(grad(2), 0.005);
    expect(Array.from(b.flat)).toEqual(Array.from(a.flat));
    expect(Array.from(optB.state().expAvgSq)).toEqual(Array.from(optA.state().expAvgSq));
  });

  it('rejects a file without the format marker or with a misshaped moment', async () => {
    const store = ParamStore.create(specs);
    const plain = join(dir, 'plain.safetensors');
    await writeSafetensors(plain, store.toTensors());
    await expect(readAdamWState(plain, store)).rejects.toThrow(`reading optimizer state ${plain}: metadata format is undefined, expected "bertfit-adamw-v1"`);
    const bad = join(dir, 'bad.safetensors');
    const t = (shape: number[]) => ({ shape, data: new Float32Array(shape.reduce((x, y) => x * y, 1)) });
    await writeSafetensors(
      bad,
      [
        ['exp_avg.w', t([4])],
        ['exp_avg.b', t([2])],
        ['exp_avg_sq.w', t([2, 2])],
        ['exp_avg_sq.b', t([2])],
      ],
      {
        metadata: { format: 'bertfit-adamw-v1', step: '3' },
      },
    );
    await expect(readAdamWState(bad, store)).rejects.toThrow(`loading parameters from ${bad} (exp_avg.*): tensor 'w' has shape [4], expected [2, 2]`);
  });
});
