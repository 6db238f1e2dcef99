import { describe, expect, it } from '@jest/globals';
import { batchIterator, type BatchIteratorOptions } from './batch-iterator.js';
import { numBatches } from './batch-order.js';

// Row i has length 2 + (i * 7) % 11 and label i % 3; token ids encode the row for checking.
const n = 103;
const encoded = {
  inputIds: Array.from({ length: n }, (_, i) => Array.from({ length: 2 + ((i * 7) % 11) }, (_, k) => 1000 * (i + 1) + k)),
  labels: Array.from({ length: n }, (_, i) => i % 3),
};
const base: BatchIteratorOptions = { batchSize: 8, shuffle: true, seed: 42, epoch: 0, dropLast: false, groupByLength: false };
const rowsOf = (opts: BatchIteratorOptions) => [...batchIterator(encoded, opts)].map((b) => [...b.rows]);

describe('batchIterator', () => {
  it('pads each batch to its longest row with masks, labels and rows', () => {
    const batches = [...batchIterator(encoded, { ...base, shuffle: false, padTokenId: 7 })];
    const b = batches[0]!;
    expect(b.size).toBe(8);
    expect(b.seqLen).toBe(Math.max(...encoded.inputIds.slice(0, 8).map((x) => x.length)));
    for (let i = 0; i < b.size; i++) {
      const ids = encoded.inputIds[b.rows[i]!]!;
      const row = [...b.inputIds.subarray(i * b.seqLen, (i + 1) * b.seqLen)];
      expect(row).toEqual([...ids, ...Array(b.seqLen - ids.length).fill(7)]);
      expect([...b.attentionMask.subarray(i * b.seqLen, (i + 1) * b.seqLen)]).toEqual([...ids.map(() => 1), ...Array(b.seqLen - ids.length).fill(0)]);
      expect(b.labels[i]).toBe(encoded.labels[b.rows[i]!]);
    }
    expect(b.tokenTypeIds.every((x) => x === 0)).toBe(true);
    expect(batches.at(-1)!.size).toBe(103 % 8);
  });

  it('shuffles reproducibly from (seed, epoch) and covers every row once', () => {
    expect(rowsOf(base)).toEqual(rowsOf(base));
    expect(rowsOf(base)).not.toEqual(rowsOf({ ...base, epoch: 1 }));
    expect(rowsOf(base)).not.toEqual(rowsOf({ ...base, seed: 43 }));
    expect(
      rowsOf(base)
        .flat()
        .sort((a, b) => a - b),
    ).toEqual(Array.from({ length: n }, (_, i) => i));
  });

  it('dropLast drops the short batch; numBatches agrees', () => {
    const rows = rowsOf({ ...base, dropLast: true });
    expect(rows).toHaveLength(12);
    expect(rows.every((r) => r.length === 8)).toBe(true);
    expect(numBatches(n, { batchSize: 8, dropLast: true })).toBe(12);
    expect(numBatches(n, { batchSize: 8, dropLast: false })).toBe(13);
  });

  it('groupByLength cuts padding and keeps the rows', () => {
    const padding = (opts: BatchIteratorOptions) => {
      let pad = 0;
      for (const b of batchIterator(encoded, opts)) pad += b.attentionMask.length - b.attentionMask.reduce((s, x) => s + x, 0);
      return pad;
    };
    const grouped = { ...base, groupByLength: true };
    expect(padding(grouped)).toBeLessThan(padding(base) / 2);
    expect(
      rowsOf(grouped)
        .flat()
        .sort((a, b) => a - b),
    ).toEqual(Array.from({ length: n }, (_, i) => i));
    const first = [...batchIterator(encoded, grouped)][0]!;
    expect(first.seqLen).toBe(12); // the longest row leads
    expect(rowsOf(grouped)).toEqual(rowsOf(grouped));
  });

  it('shards: replicas see disjoint rows, equal counts, together the epoch', () => {
    for (const dropLast of [true, false]) {
      const shards = [0, 1, 2].map((index) => rowsOf({ ...base, dropLast, shard: { index, count: 3 } }));
      shards.forEach((s, index) => expect(s).toHaveLength(numBatches(n, { batchSize: 8, dropLast, shard: { index, count: 3 } })));
      const all = shards.flat(2);
      expect(new Set(all).size).toBe(all.length);
      if (dropLast) expect(all).toHaveLength(4 * 24);
      else expect(all.sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
    }
  });

  it('rejects bad options and mismatched inputs', () => {
    expect(() => rowsOf({ ...base, batchSize: 0 })).toThrow('batchIterator: batchSize must be a positive integer, got 0');
    expect(() => rowsOf({ ...base, shard: { index: 3, count: 3 } })).toThrow('batchIterator: shard must have 0 ≤ index < count, got index 3 of count 3');
    expect(() => [...batchIterator({ inputIds: [[1]], labels: [] }, base)]).toThrow('batchIterator: 1 encoded rows but 0 labels');
  });
});
