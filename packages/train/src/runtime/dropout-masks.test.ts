import { describe, expect, it } from '@jest/globals';
import { dropoutKey, fillKeepMask, siteShape } from './dropout-masks.js';

describe('dropout masks', () => {
  it('are reproducible per (seed, step, micro, site) and differ otherwise', () => {
    const a = new Uint8Array(4096);
    const b = new Uint8Array(4096);
    fillKeepMask(a, dropoutKey(42, 7, 1, 3), 0.1);
    fillKeepMask(b, dropoutKey(42, 7, 1, 3), 0.1);
    expect(b).toEqual(a);
    for (const key of [dropoutKey(43, 7, 1, 3), dropoutKey(42, 8, 1, 3), dropoutKey(42, 7, 0, 3), dropoutKey(42, 7, 1, 4)]) {
      fillKeepMask(b, key, 0.1);
      expect(b).not.toEqual(a);
    }
  });

  it('drop about `ratio` of the elements', () => {
    const m = new Uint8Array(200_000);
    fillKeepMask(m, dropoutKey(1, 0, 0, 0), 0.1);
    const dropped = m.length - m.reduce((s, x) => s + x, 0);
    expect(Math.abs(dropped / m.length - 0.1)).toBeLessThan(0.003);
    fillKeepMask(m, dropoutKey(1, 0, 0, 0), 0);
    expect(m.every((x) => x === 1)).toBe(true);
  });

  it('resolves symbolic site shapes', () => {
    expect(siteShape({ name: 'x', ratio: 0.1, shape: ['batch', 4, 'seq', 'seq'] }, 2, 3)).toEqual([2, 4, 3, 3]);
    expect(siteShape({ name: 'x', ratio: 0.1, shape: ['batch*seq', 8] }, 2, 3)).toEqual([6, 8]);
    expect(() => siteShape({ name: 'x', ratio: 0.1, shape: ['vocab'] }, 2, 3)).toThrow("dropout site x: unknown dim 'vocab'");
  });
});
