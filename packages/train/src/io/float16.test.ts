import { describe, it, expect } from '@jest/globals';
import { float16BitsToFloat32, float32ToFloat16Bits, fromFloat16Array, toFloat16Array } from './float16.js';

describe('float32ToFloat16Bits', () => {
  // Bit patterns from IEEE 754 binary16 tables (numpy: np.float16(x).view(np.uint16)).
  const cases: [number, number][] = [
    [0, 0x0000],
    [-0, 0x8000],
    [1, 0x3c00],
    [-2, 0xc000],
    [0.5, 0x3800],
    [65504, 0x7bff], // largest finite
    [65519.99, 0x7bff], // just below the rounding midpoint to Inf
    [65520, 0x7c00], // midpoint ties to even = Inf
    [1e10, 0x7c00],
    [-Infinity, 0xfc00],
    [1 / 3, 0x3555],
    [0.1, 0x2e66],
    [6.103515625e-5, 0x0400], // smallest normal 2^-14
    [2 ** -24, 0x0001], // smallest subnormal
    [2 ** -25, 0x0000], // tie between 0 and 2^-24 -> even (0)
    [1.5 * 2 ** -25, 0x0001],
    [3 * 2 ** -25, 0x0002], // tie between 1 and 2 ulps -> even (2)
    [1 + 2 ** -11, 0x3c00], // tie -> even mantissa 0
    [1 + 3 * 2 ** -11, 0x3c02], // tie -> even mantissa 2
    [1 + 2 ** -11 + 2 ** -20, 0x3c01], // just above the tie
    [2 ** -14 - 2 ** -25, 0x0400], // largest subnormal + half ulp rounds up into the normals
  ];
  it.each(cases)('%p -> 0x%s', (x, bits) => {
    expect(float32ToFloat16Bits(x)).toBe(bits);
  });

  it('keeps NaN a NaN', () => {
    const h = float32ToFloat16Bits(NaN);
    expect(h & 0x7c00).toBe(0x7c00);
    expect(h & 0x3ff).not.toBe(0);
    expect(float16BitsToFloat32(h)).toBeNaN();
  });
});

describe('float16BitsToFloat32', () => {
  it('decodes normals, subnormals, zeros and infinities', () => {
    expect(float16BitsToFloat32(0x3c00)).toBe(1);
    expect(float16BitsToFloat32(0x7bff)).toBe(65504);
    expect(float16BitsToFloat32(0x0001)).toBe(2 ** -24);
    expect(float16BitsToFloat32(0x03ff)).toBe(1023 * 2 ** -24);
    expect(float16BitsToFloat32(0x8000)).toBe(-0);
    expect(float16BitsToFloat32(0xfc00)).toBe(-Infinity);
    expect(float16BitsToFloat32(0x3555)).toBe(0.333251953125);
  });

  it('round-trips every finite binary16 value exactly', () => {
    const all = new Uint16Array(0x10000).map((_, i) => i);
    const finite = all.filter((h) => (h & 0x7c00) !== 0x7c00);
    const back = toFloat16Array(fromFloat16Array(finite));
    expect(Array.from(back)).toEqual(Array.from(finite));
  });
});
