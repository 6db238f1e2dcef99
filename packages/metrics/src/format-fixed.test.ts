import { describe, expect, it } from '@jest/globals';
import { formatFixed } from './format-fixed.js';

describe("formatFixed = Python's format(x, '.Nf')", () => {
  // Expected strings printed by CPython 3.11.
  it.each([
    [0.125, 2, '0.12'], // exact tie: half to even (toFixed gives 0.13)
    [0.375, 2, '0.38'],
    [2.5, 0, '2'],
    [3.5, 0, '4'],
    [0.045, 2, '0.04'], // just below the tie in binary
    [1.005, 2, '1.00'],
    [0.1, 20, '0.10000000000000000555'],
    [1e21, 2, '1000000000000000000000.00'],
    [5e-324, 3, '0.000'],
    [-0, 2, '-0.00'],
    [2 / 3, 4, '0.6667'],
    [1, 0, '1'],
  ])('%p with %p digits → %p', (x, digits, want) => {
    expect(formatFixed(x, digits)).toBe(want);
  });

  it('differs from toFixed exactly on binary ties', () => {
    expect((0.125).toFixed(2)).toBe('0.13');
    expect(formatFixed(0.125, 2)).toBe('0.12');
  });

  it('spells non-finite values as Python does', () => {
    expect([formatFixed(NaN, 2), formatFixed(Infinity, 2), formatFixed(-Infinity, 2)]).toEqual(['nan', 'inf', '-inf']);
  });
});
