import { describe, expect, it } from '@jest/globals';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { PARITY_DIR, parityCheckpoint } from '../../test/parity-checkpoint.js';
import { loadCheckpoint } from '../checkpoint/load-checkpoint.js';
import { Classifier, softmaxRows } from './classifier.js';
import { modelBytes } from './model-bytes.js';

interface Batch {
  input_ids: number[][];
  attention_mask: number[][];
  token_type_ids: number[][];
}
interface Expected {
  logits: number[][];
  probs: number[][];
  predictions: number[];
}

const unpad = (rows: number[][], mask: number[][]): number[][] =>
  rows.map((r, i) =>
    r.slice(
      0,
      mask[i]!.reduce((a, b) => a + b, 0),
    ),
  );

describe('Classifier', () => {
  it('matches the PyTorch parity logits with unpadded rows, length-sorted batches and results in input order', async () => {
    const batch = JSON.parse(await readFile(join(PARITY_DIR, 'batch.json'), 'utf8')) as Batch;
    const expected = JSON.parse(await readFile(join(PARITY_DIR, 'expected.json'), 'utf8')) as Expected;
    const dir = await parityCheckpoint();
    const ckpt = await loadCheckpoint(dir);
    const clf = await Classifier.create(modelBytes(ckpt, 'fp32'), 3, 0, { threads: 1 });
    const ids = unpad(batch.input_ids, batch.attention_mask);
    const seen: number[] = [];
    const logits = await clf.predict(ids, { batchSize: 3, typeIds: unpad(batch.token_type_ids, batch.attention_mask), onProgress: (d) => seen.push(d) });
    await clf.release();
    // Cut shortest first as the trainer's evaluation batches (3 + 1), the batch of the longest row runs first.
    expect(seen).toEqual([1, 4]);
    expected.logits.flat().forEach((v, i) => expect(Math.abs(logits[i]! - v)).toBeLessThan(1e-5));
    const { probs, predictions } = softmaxRows(logits, 3);
    expect(predictions).toEqual(expected.predictions);
    expected.probs.flat().forEach((v, i) => expect(Math.abs(probs.flat()[i]! - v)).toBeLessThan(1e-5));
    await rm(dir, { recursive: true });
  });

  it('int8 logits stay close to fp32 on the tiny model', async () => {
    const batch = JSON.parse(await readFile(join(PARITY_DIR, 'batch.json'), 'utf8')) as Batch;
    const dir = await parityCheckpoint();
    const ckpt = await loadCheckpoint(dir);
    const ids = unpad(batch.input_ids, batch.attention_mask);
    const run = async (p: 'fp32' | 'int8'): Promise<Float32Array> => {
      const clf = await Classifier.create(modelBytes(ckpt, p), 3, 0, { threads: 1 });
      const out = await clf.predict(ids, { batchSize: 4 });
      await clf.release();
      return out;
    };
    const [a, b] = [await run('fp32'), await run('int8')];
    let max = 0;
    for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
    expect(max).toBeGreaterThan(0);
    expect(max).toBeLessThan(0.15);
    await rm(dir, { recursive: true });
  });

  it('rejects a batch size that is not a positive integer', async () => {
    const dir = await parityCheckpoint();
    // The default classifier is a worker pool; release it even when the expectation fails, or its threads keep jest alive.
    const clf = await Classifier.create(modelBytes(await loadCheckpoint(dir), 'fp32'), 3, 0);
    try {
      await expect(clf.predict([[2, 3]], { batchSize: 0 })).rejects.toThrow('lengthBatches: batchSize must be a positive integer, got 0');
    } finally {
      await clf.release();
      await rm(dir, { recursive: true });
    }
  });

  it('scores batches in worker threads exactly as one in-process session, results in input order', async () => {
    const batch = JSON.parse(await readFile(join(PARITY_DIR, 'batch.json'), 'utf8')) as Batch;
    const expected = JSON.parse(await readFile(join(PARITY_DIR, 'expected.json'), 'utf8')) as Expected;
    const dir = await parityCheckpoint();
    const bytes = modelBytes(await loadCheckpoint(dir), 'fp32');
    // Every row several times, with varied lengths, so batches of 2 spread over 3 workers out of order.
    const ids = unpad(batch.input_ids, batch.attention_mask);
    const many = Array.from({ length: 5 }, () => ids).flat();
    const typeIds = Array.from({ length: 5 }, () => unpad(batch.token_type_ids, batch.attention_mask)).flat();
    const pool = await Classifier.create(bytes, 3, 0, { threads: 3, workers: 3 });
    const seen: number[] = [];
    const got = await pool.predict(many, { batchSize: 2, typeIds, onProgress: (d) => seen.push(d) });
    await pool.release();
    const single = await Classifier.create(bytes, 3, 0, { threads: 1, workers: 1 });
    const want = await single.predict(many, { batchSize: 2, typeIds });
    await single.release();
    expect(Array.from(got)).toEqual(Array.from(want));
    expect(seen.at(-1)).toBe(many.length);
    expected.logits.flat().forEach((v, i) => expect(Math.abs(got[i]! - v)).toBeLessThan(1e-5));
    await rm(dir, { recursive: true });
  });

  it('fails clearly when the worker sessions cannot open the model, and rejects bad thread counts', async () => {
    await expect(Classifier.create(new Uint8Array([1, 2, 3]), 3, 0, { threads: 2, workers: 2 })).rejects.toThrow(
      /^creating an onnxruntime session for the classifier model on cpu failed: /,
    );
    await expect(Classifier.create(new Uint8Array([1, 2, 3]), 3, 0, { threads: 2, workers: 0 })).rejects.toThrow('Classifier: workers must be a positive integer, got 0');
  });
});
