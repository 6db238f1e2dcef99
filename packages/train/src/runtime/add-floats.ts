// dst[offset + i] += src[i] for the gradient accumulation of every micro-step (86 M floats per
// bert-base micro-step): in the SIMD kernel over L2-sized copies, ~3× V8's scalar loop.
import { createSimdKernel } from '../optim/simd-kernel.js';
import type { SimdKernel } from '../optim/simd-kernel.js';

const CHUNK = 16384;
let kernel: { k: SimdKernel; dst: Float32Array; src: Float32Array } | null | undefined;

export function addFloats(dst: Float32Array, offset: number, src: Float32Array): void {
  if (kernel === undefined) {
    const k = createSimdKernel(8 * CHUNK);
    kernel = k && { k, dst: new Float32Array(k.memory.buffer, 0, CHUNK), src: new Float32Array(k.memory.buffer, 4 * CHUNK, CHUNK) };
  }
  const n = src.length;
  let i = 0;
  if (kernel) {
    const { k, dst: d, src: s } = kernel;
    for (; i + 4 <= n; ) {
      const len = Math.min(CHUNK, n - i) & ~3;
      d.set(dst.subarray(offset + i, offset + i + len));
      s.set(src.subarray(i, i + len));
      k.addInto(0, 4 * CHUNK, 4 * len);
      dst.set(d.subarray(0, len), offset + i);
      i += len;
    }
  }
  for (; i < n; i++) dst[offset + i]! += src[i]!;
}
