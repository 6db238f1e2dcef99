import { describe, expect, it } from '@jest/globals';
import { batchIterator, numBatches } from '@bertfit/data';
import { globalBatchSize, shardBatch } from './shard-batch.js';

// Example i's first token is 1000 + i, so the ids a replica saw can be read back from its shards.
const n = 103;
const encoded = {
  inputIds: Array.from({ length: n }, (_, i) => [1000 + i, ...Array.from({ length: 1 + ((i * 5) % 9) }, (_, k) => 7 + k)]),
  labels: Array.from({ length: n }, (_, i) => i % 3),
};

/** The example ids each of `devices.length` replicas saw in one epoch, as the trainer batches it. */
function epochIds(devices: string[], opts: { dropLast: boolean; groupByLength: boolean; epoch: number }): number[][] {
  const seen: number[][] = devices.map(() => []);
  const batchSize = globalBatchSize(8, devices.length);
  for (const batch of batchIterator(encoded, { batchSize, shuffle: true, seed: 3, ...opts })) {
    shardBatch(batch, devices.length).forEach((shard, r) => {
      if (!shard) return;
      expect(shard.batch.seqLen).toBe(batch.seqLen);
      for (let i = 0; i < shard.batch.size; i++) {
        const id = shard.batch.inputIds[i * shard.batch.seqLen]! - 1000;
        expect(shard.batch.labels![i]).toBe(encoded.labels[id]);
        expect(batch.rows[shard.row + i]).toBe(id);
        seen[r]!.push(id);
      }
    });
  }
  return seen;
}

describe('shardBatch', () => {
  it('covers every example of an epoch exactly once across the replicas', () => {
    for (const devices of [
      ['cpu', 'cpu'],
      ['cpu', 'cpu', 'cpu'],
    ]) {
      for (const groupByLength of [false, true]) {
        for (const epoch of [0, 1]) {
          const global = 8 * devices.length;
          // dropLast: the incomplete global batch is dropped, every replica gets the same full batches.
          const dropped = epochIds(devices, { dropLast: true, groupByLength, epoch });
          dropped.forEach((ids) => expect(ids).toHaveLength(8 * numBatches(n, { batchSize: global, dropLast: true })));
          const all = dropped.flat();
          expect(new Set(all).size).toBe(all.length);
          expect(all).toHaveLength(Math.floor(n / global) * global);
          // Without dropLast the last global batch is split as evenly as it goes: each example once.
          const kept = epochIds(devices, { dropLast: false, groupByLength, epoch }).flat();
          expect(kept.sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
        }
      }
    }
  });

  it('gives replica r rows [r·b, (r+1)·b) of a full batch, and an even split or nothing of a short one', () => {
    const first = (batchSize: number) => [...batchIterator(encoded, { batchSize, shuffle: false, seed: 0, epoch: 0, dropLast: false, groupByLength: false })][0]!;
    const [full, short] = [first(16), first(3)];
    expect(shardBatch(full, 2).map((s) => [s!.row, s!.batch.size])).toEqual([
      [0, 8],
      [8, 8],
    ]);
    expect(shardBatch(short, 2).map((s) => s && [s.row, s.batch.size])).toEqual([
      [0, 2],
      [2, 1],
    ]);
    expect(shardBatch(short, 4).map((s) => s && [s.row, s.batch.size])).toEqual([[0, 1], [1, 1], [2, 1], null]);
  });
});
