/**
 * A small seeded PRNG (mulberry32) so splits, shuffles and the demo data are reproducible from
 * integers alone, identical on every machine and Node version (Math.random is not seedable).
 */
export class Rng {
  private state: number;

  /** `streams` are mixed into the seed, e.g. (seed, epoch) for a per-epoch order. */
  constructor(seed: number, ...streams: number[]) {
    let h = mix((seed >>> 0) ^ 0x9e3779b9);
    for (const s of streams) h = mix(h ^ mix((s >>> 0) ^ 0x85ebca6b));
    this.state = h;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  /** Fisher–Yates, in place. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
    return items;
  }
}

/** murmur3's 32-bit finaliser: spreads nearby seeds (42, 43) into unrelated states. */
function mix(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/** 0, 1, …, n−1. */
export function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
