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

  it('draws bit-identical masks in the SIMD kernel and the scalar formula, for any length and ratio', () => {
    // The formula, restated independently: h_j = fmix32(key + j·φ); byte 2j from the low 16 bits, 2j+1 from the high.
    const fmix = (h: number): number => {
      h ^= h >>> 16;
      h = Math.imul(h, 0x85ebca6b);
      h ^= h >>> 13;
      h = Math.imul(h, 0xc2b2ae35);
      return (h ^ (h >>> 16)) >>> 0;
    };
    const reference = (n: number, key: number, ratio: number): Uint8Array => {
      const t = Math.round(ratio * 65536);
      const out = new Uint8Array(n);
      for (let i = 0; i < n; i++) {
        const h = fmix((key + Math.imul(i >> 1, 0x9e3779b9)) >>> 0);
        out[i] = (i & 1 ? h >>> 16 : h & 0xffff) >= t ? 1 : 0;
      }
      return out;
    };
    for (const n of [1, 15, 16, 17, 33, 65536, 65536 + 16 + 3, 200_001]) {
      for (const [key, ratio] of [
        [dropoutKey(3, 9, 1, 2), 0.1],
        [0xffffffff, 0.5],
        [0, 1 / 65536],
        [0x80000000, 0.999],
      ] as const) {
        const got = new Uint8Array(n);
        fillKeepMask(got, key, ratio);
        expect(Buffer.from(got).equals(Buffer.from(reference(n, key, ratio)))).toBe(true);
      }
    }
  });

  it('draw any slice [start, start + n) of a mask exactly as the whole mask has it, so replicas can split a batch', () => {
    const key = dropoutKey(42, 3, 1, 5);
    const whole = new Uint8Array(1000);
    fillKeepMask(whole, key, 0.1);
    // Splits at odd and even offsets, with pieces shorter and longer than the kernel's 16 bytes.
    for (const cuts of [
      [0, 500, 1000],
      [0, 1, 2, 3, 1000],
      [0, 17, 33, 250, 251, 999, 1000],
      [0, 7, 100, 1000],
    ]) {
      const joined = new Uint8Array(1000);
      for (let c = 0; c + 1 < cuts.length; c++) fillKeepMask(joined.subarray(cuts[c]!, cuts[c + 1]!), key, 0.1, cuts[c]!);
      expect(Buffer.from(joined).equals(Buffer.from(whole))).toBe(true);
    }
    const tail = new Uint8Array(333);
    fillKeepMask(tail, key, 0.1, 667);
    expect(Buffer.from(tail).equals(Buffer.from(whole.subarray(667)))).toBe(true);
    fillKeepMask(tail, key, 0.1, 666);
    expect(Buffer.from(tail).equals(Buffer.from(whole.subarray(666, 999)))).toBe(true);
  });

  it('resolves symbolic site shapes', () => {
    expect(siteShape({ name: 'x', ratio: 0.1, shape: ['batch', 4, 'seq', 'seq'] }, 2, 3)).toEqual([2, 4, 3, 3]);
    expect(siteShape({ name: 'x', ratio: 0.1, shape: ['batch*seq', 8] }, 2, 3)).toEqual([6, 8]);
    expect(() => siteShape({ name: 'x', ratio: 0.1, shape: ['vocab'] }, 2, 3)).toThrow("dropout site x: unknown dim 'vocab'");
  });
});
