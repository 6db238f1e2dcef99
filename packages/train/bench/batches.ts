// The benchmarks' deterministic batches: random ids, padded rows of lengths T/2..T (masks as from real data).
import type { Batch } from '@bertfit/data';

export function makeBenchBatch(B: number, T: number, k: number): Batch {
  const ids = new Int32Array(B * T);
  const mask = new Int32Array(B * T);
  let s = 12345 + k;
  const rnd = (): number => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 4294967296;
  };
  for (let b = 0; b < B; b++) {
    const len = T / 2 + Math.floor(rnd() * (T / 2 + 1));
    for (let t = 0; t < len; t++) {
      ids[b * T + t] = t === 0 ? 101 : t === len - 1 ? 102 : 1000 + Math.floor(rnd() * 29000);
      mask[b * T + t] = 1;
    }
  }
  return { size: B, seqLen: T, inputIds: ids, attentionMask: mask, tokenTypeIds: new Int32Array(B * T), labels: Int32Array.from({ length: B }, (_, i) => i % 3) };
}
