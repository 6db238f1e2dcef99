import { describe, it, expect } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { lrMultiplier } from './schedule.js';
import { parityFile } from '../../test/fixture-paths.js';

describe('lrMultiplier', () => {
  // Values computed by hand from transformers/optimization.py's lr lambdas.
  it('constant with warmup: k/w during warmup, then 1', () => {
    const o = { scheduler: 'constant' as const, warmupSteps: 4, totalSteps: 10 };
    expect([0, 1, 2, 3, 4, 9, 50].map((k) => lrMultiplier(k, o))).toEqual([0, 0.25, 0.5, 0.75, 1, 1, 1]);
    expect(lrMultiplier(0, { ...o, warmupSteps: 0 })).toBe(1);
  });

  it('linear with warmup: up to 1, then (n - k) / (n - w) down to 0 and clamped', () => {
    const o = { scheduler: 'linear' as const, warmupSteps: 2, totalSteps: 10 };
    expect([0, 1, 2, 3, 6, 9, 10, 12].map((k) => lrMultiplier(k, o))).toEqual([0, 0.5, 1, 0.875, 0.5, 0.125, 0, 0]);
  });

  it('cosine with warmup (half a cycle): 0.5 (1 + cos(pi p))', () => {
    const o = { scheduler: 'cosine' as const, warmupSteps: 2, totalSteps: 6 };
    const got = [0, 1, 2, 3, 4, 5, 6, 8].map((k) => lrMultiplier(k, o));
    // p = (k - 2) / 4: 0, 1/4, 1/2, 3/4, 1, then p > 1 goes back up (HF does not clamp p; max(0, .) only).
    const want = [0, 0.5, 1, (1 + Math.SQRT1_2) / 2, 0.5, (1 - Math.SQRT1_2) / 2, 0, 0.5];
    got.forEach((g, i) => expect(g).toBeCloseTo(want[i]!, 15));
  });

  it('no warmup and zero-length schedules follow max(1, .) like HF', () => {
    expect(lrMultiplier(0, { scheduler: 'linear', warmupSteps: 0, totalSteps: 0 })).toBe(0);
    expect(lrMultiplier(0, { scheduler: 'cosine', warmupSteps: 0, totalSteps: 4 })).toBe(1);
    expect(lrMultiplier(2, { scheduler: 'cosine', warmupSteps: 0, totalSteps: 4 })).toBeCloseTo(0.5, 15);
  });

  it("reproduces the parity trajectory's lr at every step (warmup 3 + cosine, 10 steps)", () => {
    const traj = JSON.parse(readFileSync(parityFile('trajectory.json'), 'utf8'));
    expect(traj.steps).toHaveLength(10);
    for (const s of traj.steps) {
      const lr = traj.base_lr * lrMultiplier(s.step - 1, { scheduler: 'cosine', warmupSteps: 3, totalSteps: 10 });
      expect(Math.abs(lr - s.lr)).toBeLessThan(1e-12);
    }
  });

  it('rejects bad step counts', () => {
    expect(() => lrMultiplier(-1, { scheduler: 'linear', warmupSteps: 0, totalSteps: 1 })).toThrow('lrMultiplier: step0 is -1, expected a non-negative integer');
    expect(() => lrMultiplier(0, { scheduler: 'linear', warmupSteps: 1.5, totalSteps: 1 })).toThrow('lrMultiplier: warmupSteps is 1.5, expected a non-negative integer');
    expect(() => lrMultiplier(0, { scheduler: 'step' as never, warmupSteps: 0, totalSteps: 1 })).toThrow('lrMultiplier: unknown scheduler "step" (constant, linear, cosine)');
  });
});
