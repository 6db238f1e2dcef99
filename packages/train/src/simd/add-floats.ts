// dst[offset + i] += src[i] for the gradient accumulation of every micro-step (86 M floats per
// bert-base micro-step): in the SIMD kernel over L2-sized copies, ~3× V8's scalar loop.
import { SCRATCH_FLOATS, scratchKernel } from './simd-kernel.js';

export function addFloats(dst: Float32Array, offset: number, src: Float32Array): void {
  const s = scratchKernel();
  const n = src.length;
  let i = 0;
  if (s) {
    for (;;) {
      const len = Math.min(SCRATCH_FLOATS, n - i) & ~3;
      if (len <= 0) break;
      s.a.set(dst.subarray(offset + i, offset + i + len));
      s.b.set(src.subarray(i, i + len));
      s.k.addInto(s.a.byteOffset, s.b.byteOffset, 4 * len);
      dst.set(s.a.subarray(0, len), offset + i);
      i += len;
    }
  }
  for (; i < n; i++) dst[offset + i]! += src[i]!;
}
