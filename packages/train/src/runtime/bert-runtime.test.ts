import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { bertParameterSpecs } from '../models/bert-params.js';
import { initBertParams } from '../models/bert-init.js';
import { buildBertTrainGraph } from '../models/bert-graph.js';
import { BertRuntime } from './bert-runtime.js';
import { ParamStore } from './param-store.js';
import { tinyBatch, tinyCfg } from './__fixtures__/tiny-bert.js';

const cfg = tinyCfg;
const batch = tinyBatch;
const cw = Float32Array.of(1, 1);

function store(): ParamStore {
  const s = ParamStore.create(bertParameterSpecs(cfg));
  initBertParams(s, cfg, 3);
  return s;
}

describe('BertRuntime', () => {
  it('builds a train graph whose parameter inputs are exactly the HF specs, with 5 dropout places per HF', () => {
    const t = buildBertTrainGraph(cfg, { dropout: true });
    const inputs = t.graph.inputs.map((v) => [v.name, v.shape]);
    for (const s of bertParameterSpecs(cfg)) expect(inputs).toContainEqual([s.name, s.shape]);
    expect(t.sites.map((s) => s.name)).toEqual(['embeddings', 'layer.0.attention', 'layer.0.attention.output', 'layer.0.output', 'classifier']);
  });

  it('draws dropout masks per (seed, step, micro), not per session', async () => {
    const s = store();
    const a = await BertRuntime.create({ cfg, threads: 1, dropout: { seed: 5 } });
    const b = await BertRuntime.create({ cfg, threads: 1, dropout: { seed: 5 } });
    const off = await BertRuntime.create({ cfg, threads: 1, dropout: null });
    const run = async (rt: BertRuntime, step: number, micro: number) => {
      const r = await rt.trainMicroStep(s, batch, cw, { step, micro });
      return { loss: r.lossSum, grads: Float32Array.from(r.grads) };
    };
    const a37 = await run(a, 3, 1);
    await run(a, 0, 0); // another step in between must not shift the sequence
    expect(await run(b, 3, 1)).toEqual(a37);
    expect(await run(a, 3, 1)).toEqual(a37);
    expect((await run(a, 4, 1)).loss).not.toBe(a37.loss);
    expect((await run(a, 3, 0)).loss).not.toBe(a37.loss);
    expect((await run(off, 3, 1)).loss).not.toBe(a37.loss);
    await Promise.all([a.release(), b.release(), off.release()]);
  });

  it('accumulates into a caller buffer and rejects bad batches and devices', async () => {
    const s = store();
    const rt = await BertRuntime.create({ cfg, threads: 1, dropout: null });
    const one = Float32Array.from((await rt.trainMicroStep(s, batch, cw, { step: 0, micro: 0 })).grads);
    const acc = new Float32Array(s.size);
    await rt.trainMicroStep(s, batch, cw, { step: 0, micro: 0 }, acc);
    await rt.trainMicroStep(s, batch, cw, { step: 0, micro: 1 }, acc);
    acc.forEach((v, i) => expect(v).toBeCloseTo(2 * one[i]!, 5));
    await expect(rt.trainMicroStep(s, { ...batch, inputIds: new Int32Array(3) }, cw, { step: 0, micro: 0 })).rejects.toThrow(
      'BertRuntime: batch.inputIds has 3 values, expected size·seqLen = 2·4',
    );
    await expect(rt.trainMicroStep(s, { ...batch, inputIds: Int32Array.of(1, 7, 9, 99, 1, 5, 0, 0) }, cw, { step: 0, micro: 0 })).rejects.toThrow(
      /input id 99 at position 3 is outside the vocabulary \(50\)/,
    );
    await expect(BertRuntime.create({ cfg, device: 'tpu', dropout: null })).rejects.toThrow("device 'tpu' is not valid (expected 'cpu' or 'cuda:N')");
    await rt.release();
  });

  // cuda:99: refused before any session on every machine — no provider here, or no 100th GPU where there is one.
  it('refuses an unusable cuda device with one clear error before creating a session, and onnxruntime prints nothing', async () => {
    await expect(BertRuntime.create({ cfg, device: 'cuda:99', threads: 1, dropout: null })).rejects.toThrow(/^an onnxruntime session requests cuda:99, but /);
    // In a process of its own, whose stderr would show onnxruntime's provider-bridge error if ORT had been asked.
    const script = `import { BertRuntime } from './bert-runtime.ts'; import { parseBertConfig } from '../models/bert-config.ts';
      BertRuntime.create({ cfg: parseBertConfig(${JSON.stringify({ vocab_size: 50, hidden_size: 16, num_hidden_layers: 1, num_attention_heads: 2, intermediate_size: 32, id2label: { 0: 'a', 1: 'b' } })}, 't'), device: 'cuda:99', dropout: null })
        .catch((e) => { process.stderr.write(e.message); process.exitCode = 3; });`;
    const child = spawnSync(process.execPath, ['--conditions=@bertfit/source', '--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: fileURLToPath(new URL('.', import.meta.url)),
      encoding: 'utf8',
    });
    expect({ status: child.status, stderr: child.stderr }).toEqual({ status: 3, stderr: expect.stringMatching(/^an onnxruntime session requests cuda:99, but [^\n]+$/) });
  });

  it("computes the last layer for [CLS] rows only, with the full layer's logits and gradients", async () => {
    const two = { ...cfg, numHiddenLayers: 2 };
    const t = buildBertTrainGraph(two, { dropout: true });
    expect(t.sites.filter((x) => x.name.startsWith('layer.1')).map((x) => x.shape)).toEqual([
      ['batch', 2, 1, 'seq'],
      ['batch', 16],
      ['batch', 16],
    ]);
    expect(t.sites.filter((x) => x.name.startsWith('layer.0')).map((x) => x.shape)).toEqual([
      ['batch', 2, 'seq', 'seq'],
      ['batch*seq', 16],
      ['batch*seq', 16],
    ]);
    const s = ParamStore.create(bertParameterSpecs(two));
    initBertParams(s, two, 4);
    const cls = await BertRuntime.create({ cfg: two, threads: 1, dropout: null });
    const all = await BertRuntime.create({ cfg: two, threads: 1, dropout: null, lastLayer: 'all' });
    const c = await cls.trainMicroStep(s, batch, cw, { step: 0, micro: 0 });
    const cGrads = Float32Array.from(c.grads);
    const a = await all.trainMicroStep(s, batch, cw, { step: 0, micro: 0 });
    expect(Math.abs(c.lossSum - a.lossSum)).toBeLessThan(1e-6);
    let worst = 0;
    cGrads.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - a.grads[i]!))));
    expect(worst).toBeLessThan(1e-5); // float rounding only (the parity fixture's gradient tolerance)
    expect(cGrads.some((v) => v !== 0)).toBe(true);
    const [lc, la] = [await cls.evaluate(s, batch), await all.evaluate(s, batch)];
    lc.forEach((v, i) => expect(Math.abs(v - la[i]!)).toBeLessThan(1e-6));
    await Promise.all([cls.release(), all.release()]);
  });
});
