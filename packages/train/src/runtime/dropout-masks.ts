// Dropout keep-masks from a counter-based hash of (seed, step, micro-step, site, element): the same
// masks for the same step whether the run was resumed or not, independent of sessions, threads and
// of how a global micro-batch is split across data-parallel replicas.
import type { DropoutSite } from '../models/bert-graph.js';
import { scratchKernel } from '../simd/simd-kernel.js';

/** murmur3's 32-bit finaliser: a cheap bijective mixer. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** A 32-bit key per (seed, step, micro, site); elements then hash key + i·golden-ratio constant. */
export function dropoutKey(seed: number, step: number, micro: number, site: number): number {
  let k = fmix32((seed >>> 0) ^ 0x9e3779b9);
  k = fmix32(k ^ Math.imul(step + 1, 0x85ebca6b));
  k = fmix32(k ^ Math.imul(micro + 1, 0xc2b2ae35));
  return fmix32(k ^ Math.imul(site + 1, 0x27d4eb2f));
}

/** Keep (1) or drop (0) for the element `2j + half` of a mask: the low or high 16 bits of h_j. */
function keepBit(key: number, j: number, half: 0 | 1, t: number): number {
  const h = fmix32((key + Math.imul(j, 0x9e3779b9)) >>> 0);
  return (half === 0 ? h & 0xffff : h >>> 16) >= t ? 1 : 0;
}

/**
 * Fills `out` with elements [start, start + out.length) of the mask of `key`: 1 (keep) / 0 (drop),
 * P(drop) = round(ratio·65536)/65536 (0.100006 for 0.1). Counter-based, so any slice is the same as
 * that slice of the whole mask: a data-parallel replica draws exactly the rows of the global batch it
 * owns. Each 32-bit hash gives two 16-bit draws, which halves the cost (measured in bench/README.md).
 * The SIMD kernel (simd/simd-kernel.ts) draws 16 bytes at a time, bit-identical to keepBit, which
 * does an odd first element, the last < 16 bytes, and engines without WebAssembly SIMD.
 */
export function fillKeepMask(out: Uint8Array, key: number, ratio: number, start = 0): void {
  const t = Math.round(ratio * 65536);
  const n = out.length;
  let i = 0;
  if (start % 2 === 1 && n > 0) out[i++] = keepBit(key, (start - 1) / 2, 1, t);
  // From here out[i] is element start + i, an even one: the low half of pair j0 + (i - first) / 2.
  const first = i;
  const j0 = (start + first) / 2;
  const k = t <= 0xffff ? scratchKernel() : null; // 65536 (ratio 1) does not fit the kernel's u16 compare
  if (k) {
    for (;;) {
      const len = Math.min(k.bytes.length, n - i) & ~15;
      if (len <= 0) break;
      k.k.keepMask(k.bytes.byteOffset, len, key | 0, j0 + (i - first) / 2, t);
      out.set(k.bytes.subarray(0, len), i);
      i += len;
    }
  }
  for (let j = j0 + (i - first) / 2; i < n; i += 2, j++) {
    out[i] = keepBit(key, j, 0, t);
    if (i + 1 < n) out[i + 1] = keepBit(key, j, 1, t);
  }
}

/** Mask sizes for a batch of `batch` rows of `seq` tokens. */
export function siteShape(site: DropoutSite, batch: number, seq: number): number[] {
  return site.shape.map((d) => {
    if (typeof d === 'number') return d;
    if (d === 'batch') return batch;
    if (d === 'seq') return seq;
    if (d === 'batch*seq') return batch * seq;
    throw new Error(`dropout site ${site.name}: unknown dim '${d}'`);
  });
}
