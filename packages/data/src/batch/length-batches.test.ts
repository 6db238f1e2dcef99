import { describe, expect, it } from '@jest/globals';
import { lengthBatches } from './length-batches.js';

describe('lengthBatches', () => {
  it('cuts the rows sorted shortest first (ties in input order) into batches, and hands out the longest batch first', () => {
    expect(lengthBatches([3, 7, 3, 5, 7], 2)).toEqual([[4], [3, 1], [0, 2]]);
    expect(lengthBatches([], 4)).toEqual([]);
  });

  it('covers every row exactly once', () => {
    const lengths = Array.from({ length: 37 }, (_, i) => (i * 13) % 9);
    const rows = lengthBatches(lengths, 5).flat();
    expect([...rows].sort((a, b) => a - b)).toEqual(lengths.map((_, i) => i));
  });

  it('rejects a batch size that is not a positive integer, naming the value', () => {
    expect(() => lengthBatches([1], 0)).toThrow('lengthBatches: batchSize must be a positive integer, got 0');
    expect(() => lengthBatches([1], 1.5)).toThrow('got 1.5');
  });
});
