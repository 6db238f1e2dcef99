import { describe, expect, it } from '@jest/globals';
import { classWeightSum, GRAD_SCALER_DEFAULTS, initialLossScale, updateLossScale } from './loss-scaler.js';
import type { LossScaleState, LossScalerOptions } from './loss-scaler.js';

const opts: LossScalerOptions = { ...GRAD_SCALER_DEFAULTS, growthInterval: 3 };

/** Feeds a sequence of finite (true) / overflowing (false) steps; returns every state and skip. */
function run(steps: boolean[], o = opts): { states: LossScaleState[]; skips: boolean[] } {
  let s = initialLossScale(o);
  const states: LossScaleState[] = [];
  const skips: boolean[] = [];
  for (const finite of steps) {
    const u = updateLossScale(s, finite, o);
    s = u.state;
    states.push(s);
    skips.push(u.skip);
  }
  return { states, skips };
}

describe('loss scaler (torch GradScaler rules)', () => {
  it("starts from torch's defaults: 2^16, growth 2, backoff 0.5, interval 2000", () => {
    expect(GRAD_SCALER_DEFAULTS).toEqual({ initScale: 65536, growthFactor: 2, backoffFactor: 0.5, growthInterval: 2000 });
    expect(initialLossScale(GRAD_SCALER_DEFAULTS)).toEqual({ scale: 65536, growthTracker: 0, skippedSteps: 0 });
  });

  it('an overflow skips the step, halves the scale and resets the clean-step count', () => {
    const { states, skips } = run([true, false]);
    expect(skips).toEqual([false, true]);
    expect(states[0]).toEqual({ scale: 65536, growthTracker: 1, skippedSteps: 0 });
    expect(states[1]).toEqual({ scale: 32768, growthTracker: 0, skippedSteps: 1 });
  });

  it('growthInterval clean steps in a row double the scale and restart the count', () => {
    const { states, skips } = run([true, true, true, true]);
    expect(skips).toEqual([false, false, false, false]);
    expect(states.map((s) => [s.scale, s.growthTracker])).toEqual([
      [65536, 1],
      [65536, 2],
      [131072, 0],
      [131072, 1],
    ]);
  });

  it('an overflow in between restarts the interval', () => {
    const { states } = run([true, true, false, true, true, true]);
    expect(states.map((s) => s.scale)).toEqual([65536, 65536, 32768, 32768, 32768, 65536]);
    expect(states.at(-1)!.skippedSteps).toBe(1);
  });

  it('never grows past float32 (the scale stays finite) and keeps float32 values', () => {
    const big = { ...opts, initScale: 2 ** 127, growthInterval: 1 };
    expect(run([true, true], big).states.map((s) => s.scale)).toEqual([2 ** 127, 2 ** 127]);
    expect(initialLossScale({ ...opts, initScale: 0.1 }).scale).toBe(Math.fround(0.1));
  });

  it('repeated overflows keep halving (2^40 down to 2^36 in four steps)', () => {
    const { states, skips } = run([false, false, false, false], { ...opts, initScale: 2 ** 40 });
    expect(skips).toEqual([true, true, true, true]);
    expect(states.at(-1)).toEqual({ scale: 2 ** 36, growthTracker: 0, skippedSteps: 4 });
  });

  it('rejects bad settings, naming the field and value', () => {
    expect(() => initialLossScale({ ...opts, initScale: 0 })).toThrow('loss scaler: initScale is 0, expected a positive float32');
    expect(() => initialLossScale({ ...opts, initScale: 1e39 })).toThrow('loss scaler: initScale is 1e+39, expected a positive float32');
    expect(() => initialLossScale({ ...opts, growthInterval: 0 })).toThrow('loss scaler: growthInterval is 0, expected a positive integer');
    expect(() => initialLossScale({ ...opts, backoffFactor: 1 })).toThrow('loss scaler: backoffFactor is 1, expected a number in (0, 1)');
    expect(() => initialLossScale({ ...opts, growthFactor: 1 })).toThrow('loss scaler: growthFactor is 1, expected a number above 1');
  });

  it('classWeightSum adds w[y] over every label of the step', () => {
    const w = Float32Array.of(0.5, 2, 1);
    expect(classWeightSum([{ labels: Int32Array.of(0, 1) }, { labels: Int32Array.of(2, 2, 1) }], w)).toBe(0.5 + 2 + 1 + 1 + 2);
    expect(() => classWeightSum([{}], w)).toThrow('classWeightSum: a training batch has no labels');
  });
});
