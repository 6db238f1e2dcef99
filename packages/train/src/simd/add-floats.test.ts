import { describe, expect, it } from '@jest/globals';
import { addFloats } from './add-floats.js';

describe('addFloats', () => {
  it('adds src into dst at an offset, bit-identical to the scalar loop, for lengths across lanes and chunks', () => {
    for (const [n, offset] of [
      [0, 0],
      [1, 3],
      [3, 0],
      [4, 1],
      [7, 5],
      [16384, 0],
      [16385, 2],
      [40003, 9],
    ] as const) {
      const dst = Float32Array.from({ length: n + offset + 3 }, (_, i) => Math.cos(i) * 1e-3);
      const src = Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.7));
      const want = dst.slice();
      for (let i = 0; i < n; i++) want[offset + i]! += src[i]!;
      addFloats(dst, offset, src);
      expect(Buffer.from(dst.buffer).equals(Buffer.from(want.buffer))).toBe(true);
    }
  });
});
