import { describe, it, expect } from '@jest/globals';
import { clipGradNorm, globalGradNorm } from './clip.js';

describe('globalGradNorm / clipGradNorm', () => {
  it('computes the 2-norm over the whole buffer (odd length too)', () => {
    expect(globalGradNorm(new Float32Array([3, 4]))).toBe(5);
    expect(globalGradNorm(new Float32Array([1, 2, 2, 0, 0, 0, 4]))).toBe(5);
    expect(globalGradNorm(new Float32Array(0))).toBe(0);
  });

  it('accumulates in float64: 1e6 equal values give sqrt(1e6)·x to 1e-9 rel (a float32 sum is off by 2e-3)', () => {
    const x = Math.fround(1e-4);
    const want = x * 1000;
    expect(Math.abs(globalGradNorm(new Float32Array(1_000_000).fill(x)) - want) / want).toBeLessThan(1e-9);
  });

  it('scales by max / (norm + 1e-6) when above, leaves the buffer alone when below', () => {
    const g = new Float32Array([3, 4]);
    const r = clipGradNorm(g, 1);
    expect(r.norm).toBe(5);
    expect(r.coef).toBeCloseTo(1 / (5 + 1e-6), 15);
    expect(g[0]).toBeCloseTo(0.6, 6);
    const h = new Float32Array([0.3, 0.4]);
    expect(clipGradNorm(h, 1)).toEqual({ norm: globalGradNorm(h), coef: 1 });
    expect(Array.from(h)).toEqual([Math.fround(0.3), Math.fround(0.4)]);
  });

  it('rejects a non-positive maxNorm', () => {
    expect(() => clipGradNorm(new Float32Array(1), 0)).toThrow('clipGradNorm: maxNorm is 0, expected a positive number');
  });
});
