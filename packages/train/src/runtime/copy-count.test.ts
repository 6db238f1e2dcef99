import { describe, expect, it } from '@jest/globals';
import { bertParameterSpecs } from '../models/bert-params.js';
import { initBertParams } from '../models/bert-init.js';
import { BertRuntime } from './bert-runtime.js';
import { ParamStore } from './param-store.js';
import { tinyBatch, tinyCfg } from './__fixtures__/tiny-bert.js';

const cfg = tinyCfg;
const batch = tinyBatch;

describe('copy accounting', () => {
  it('counts every byte fed to and fetched from a training micro-step, by kind', async () => {
    const store = ParamStore.create(bertParameterSpecs(cfg));
    initBertParams(store, cfg, 3);
    const rt = await BertRuntime.create({ cfg, threads: 1, dropout: { seed: 1 } });
    await rt.trainMicroStep(store, batch, Float32Array.of(1, 1), { step: 0, micro: 0 });
    await rt.trainMicroStep(store, batch, Float32Array.of(1, 1), { step: 0, micro: 1 });
    const [B, T, H, nh, C, V] = [2, 4, 16, 2, 2, 50];
    // Dropout masks (bool, 1 byte): embeddings [B·T, H]; layer 0 is the last layer, so [CLS] rows only:
    // attention probs [B, nh, 1, T], attention output and FFN output [B, H]; classifier [B, H].
    const masks = B * T * H + B * nh * T + 3 * B * H;
    const one = {
      params: 4 * store.size,
      batch: 3 * 8 * B * T + 8 * B + 4 * C, // ids, mask, token types (int64), labels (int64), class weights
      masks,
      grads: 4 * (store.size - V * H) + 4 * B * T * H, // dense gradients + word-embedding rows
      results: 4 + 4 + 4 * B * C, // lossSum, weightSum, logits
    };
    const t = rt.copies.totals();
    expect(t.runs).toBe(2);
    expect(t.in).toEqual({ params: 2 * one.params, batch: 2 * one.batch, masks: 2 * one.masks });
    expect(t.out).toEqual({ grads: 2 * one.grads, results: 2 * one.results });
    expect(t.bytesIn).toBe(2 * (one.params + one.batch + one.masks));
    expect(t.bytesOut).toBe(2 * (one.grads + one.results));
    rt.copies.reset();
    expect(rt.copies.totals()).toEqual({ runs: 0, bytesIn: 0, bytesOut: 0, in: {}, out: {} });
    await rt.release();
  });
});
