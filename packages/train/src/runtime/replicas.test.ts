import { afterEach, describe, expect, it } from '@jest/globals';
import type { Batch } from '@bertfit/data';
import { bertParameterSpecs } from '../models/bert-params.js';
import { initBertParams } from '../models/bert-init.js';
import { BertRuntime } from './bert-runtime.js';
import { ParamStore } from './param-store.js';
import { ReplicaPool } from './replica-pool.js';
import { createReplicas } from './replicas.js';
import { shardBatch } from './shard-batch.js';
import { tinyCfg as cfg } from './__fixtures__/tiny-bert.js';

const cw = Float32Array.of(1, 2);
const runtime = { cfg, threads: 1, dropout: { seed: 5 } };

/** `size` rows of 5 tokens, some padded; ids from `seed` so micro-batches differ. */
function batch(size: number, seed: number): Batch {
  const T = 5;
  const inputIds = new Int32Array(size * T);
  const attentionMask = new Int32Array(size * T);
  for (let r = 0; r < size; r++) {
    const len = 2 + ((r + seed) % 4);
    for (let t = 0; t < len; t++) {
      inputIds[r * T + t] = 1 + ((r * 7 + t * 3 + seed * 11) % 49);
      attentionMask[r * T + t] = 1;
    }
  }
  const labels = Int32Array.from({ length: size }, (_, r) => (r + seed) % 2);
  return { size, seqLen: T, inputIds, attentionMask, tokenTypeIds: new Int32Array(size * T), labels };
}

function store(shared: boolean): ParamStore {
  const s = ParamStore.create(bertParameterSpecs(cfg), { shared });
  initBertParams(s, cfg, 3);
  return s;
}

const maxDiff = (a: Float32Array, b: Float32Array): number => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);

let afterThis: (() => Promise<void>) | null = null;
// A failed expectation must not leave worker threads running (jest would not exit).
afterEach(async () => {
  await afterThis?.();
  afterThis = null;
});

describe('data-parallel replicas', () => {
  it('onnxruntime-node rejects tensors over a SharedArrayBuffer (why replicas copy the shared parameters each step)', async () => {
    const [plain, shared] = [store(false), store(true)];
    expect(shared.flat.buffer).toBeInstanceOf(SharedArrayBuffer);
    const rt = await BertRuntime.create(runtime);
    try {
      expect((await rt.trainMicroStep(plain, batch(3, 0), cw, { step: 2, micro: 0 })).lossSum).toBeGreaterThan(0);
      // If a later onnxruntime-node accepts them, replica-worker.ts can feed the shared buffer without its copy.
      await expect(rt.trainMicroStep(shared, batch(3, 0), cw, { step: 2, micro: 0 })).rejects.toThrow('Invalid argument');
    } finally {
      await rt.release();
    }
  });

  it('draws each shard the dropout rows of the global batch: shards summed in one thread equal the whole batch', async () => {
    const s = store(false);
    const rt = await BertRuntime.create(runtime);
    const global = batch(5, 1);
    const whole = await rt.trainMicroStep(s, global, cw, { step: 4, micro: 1 });
    const wholeGrads = Float32Array.from(whole.grads);
    const sum = new Float32Array(s.size);
    let lossSum = 0;
    for (const shard of shardBatch(global, 2)) {
      lossSum += (await rt.trainMicroStep(s, shard!.batch, cw, { step: 4, micro: 1, row: shard!.row }, sum)).lossSum;
    }
    expect(Math.abs(lossSum - whole.lossSum)).toBeLessThan(1e-5);
    expect(maxDiff(sum, wholeGrads)).toBeLessThan(1e-6);
    // Without the row offset the second shard would reuse the first rows' masks: a different gradient.
    const wrong = new Float32Array(s.size);
    for (const shard of shardBatch(global, 2)) await rt.trainMicroStep(s, shard!.batch, cw, { step: 4, micro: 1 }, wrong);
    expect(maxDiff(wrong, wholeGrads)).toBeGreaterThan(1e-3);
    await rt.release();
  });

  it("2 worker replicas give one replica's gradients, loss and weight sums over the global micro-batches, and its logits", async () => {
    // The same parameters: the pool's in shared memory, the in-process replica's in a plain buffer.
    const [s, plain] = [store(true), store(false)];
    const one = await createReplicas({ runtime, devices: ['cpu'], store: plain, classWeights: cw });
    const two = await createReplicas({ runtime, devices: ['cpu', 'cpu'], store: s, classWeights: cw });
    try {
      expect([one.count, two.count]).toEqual([1, 2]);
      // Accumulation 2, and a short last global batch of 3 rows (dropLast off): shards of 2 and 1 rows.
      for (const group of [[batch(8, 0), batch(8, 1)], [batch(3, 2)]]) {
        const [g1, g2] = [new Float32Array(s.size), new Float32Array(s.size).fill(7)];
        const r1 = await one.gradients(group, { step: 3 }, g1);
        const r2 = await two.gradients(group, { step: 3 }, g2);
        expect(Math.abs(r2.lossSum - r1.lossSum)).toBeLessThan(1e-5);
        expect(r2.weightSum).toBeCloseTo(r1.weightSum, 5);
        expect(maxDiff(g2, g1)).toBeLessThan(1e-6);
        expect(g1.some((v) => v !== 0)).toBe(true);
      }
      // Replicas read the store's values at each step and at the first evaluation after one.
      expect(maxDiff(await two.evaluate(s, batch(4, 0)), await one.evaluate(plain, batch(4, 0)))).toBeLessThan(1e-6);
      for (const x of [s, plain]) x.view('classifier.bias').fill(0.5);
      const [g1, g2] = [new Float32Array(s.size), new Float32Array(s.size)];
      expect((await two.gradients([batch(4, 3)], { step: 0 }, g2)).lossSum).toBeCloseTo((await one.gradients([batch(4, 3)], { step: 0 }, g1)).lossSum, 5);
      expect(maxDiff(g2, g1)).toBeLessThan(1e-6);
      expect(maxDiff(await two.evaluate(s, batch(4, 0)), await one.evaluate(plain, batch(4, 0)))).toBeLessThan(1e-6);
    } finally {
      await Promise.all([one.release(), two.release()]);
    }
    expect((two as ReplicaPool).running).toBe(0);
  });

  it('a replica that fails stops the step with its name and device, and no worker is left running', async () => {
    const s = store(true);
    const pool = await ReplicaPool.create({ runtime, devices: ['cpu', 'cpu', 'cpu'], store: s, classWeights: cw });
    afterThis = () => pool.release();
    expect(pool.running).toBe(3);
    const bad = batch(6, 0);
    bad.inputIds[2 * 5] = 99; // row 2: replica 1's first row
    await expect(pool.gradients([bad], { step: 6 }, new Float32Array(s.size))).rejects.toThrow(
      /^data-parallel step 7: replica 1 \(cpu\) failed: BertRuntime: input id 99 at position 0 is outside the vocabulary \(50\); all 3 replicas were stopped$/,
    );
    expect(pool.running).toBe(0);
    await expect(pool.gradients([batch(6, 0)], { step: 7 }, new Float32Array(s.size))).rejects.toThrow(/replica 0 \(cpu\) exited/);
    await pool.release();
    await expect(ReplicaPool.create({ runtime, devices: ['cpu', 'cpu'], store: store(false), classWeights: cw })).rejects.toThrow(
      '2 replicas need the parameters in shared memory: create the ParamStore with { shared: true }',
    );
  });
});
