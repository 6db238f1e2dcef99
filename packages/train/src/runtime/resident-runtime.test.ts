import { describe, expect, it } from '@jest/globals';
import type { Batch } from '@bertfit/data';
import { bertParameterSpecs } from '../models/bert-params.js';
import { initBertParams } from '../models/bert-init.js';
import { AdamW } from '../optim/adamw.js';
import { clipCoefficient, globalGradNorm } from '../optim/clip.js';
import { BertRuntime } from './bert-runtime.js';
import { ParamStore } from './param-store.js';
import { ResidentRuntime } from './resident-runtime.js';
import { tinyCfg } from './__fixtures__/tiny-bert.js';

const cfg = { ...tinyCfg, numHiddenLayers: 2 }; // layer 0 full, layer 1 [CLS]-only
const adamw = { beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.01 };
const maxGradNorm = 0.5;
const cw = Float32Array.of(1.5, 0.75);
const lrs = [1e-3, 2e-3, 3e-3];

/** A deterministic micro-batch of 2 rows; the second row is padded (pad id 0) after `len` tokens. */
function batch(k: number, seqLen: number, len: number): Batch {
  const ids = new Int32Array(2 * seqLen);
  const mask = new Int32Array(2 * seqLen);
  for (let t = 0; t < seqLen; t++) {
    ids[t] = 1 + ((7 * k + 3 * t) % 49);
    mask[t] = 1;
    if (t < len) [ids[seqLen + t], mask[seqLen + t]] = [1 + ((5 * k + 11 * t) % 49), 1];
  }
  return { size: 2, seqLen, inputIds: ids, attentionMask: mask, tokenTypeIds: new Int32Array(2 * seqLen), labels: Int32Array.of(k % 2, (k + 1) % 2) };
}

function fresh(): { store: ParamStore; opt: AdamW } {
  const store = ParamStore.create(bertParameterSpecs(cfg));
  initBertParams(store, cfg, 7);
  return { store, opt: new AdamW(store, adamw) };
}

/** The Trainer's ordinary optimizer step (loop.ts): summed micro-gradients, weighted mean, clip, AdamW. */
async function ordinarySteps(groups: Batch[][]): Promise<{ store: ParamStore; opt: AdamW; losses: number[]; norms: number[] }> {
  const { store, opt } = fresh();
  const rt = await BertRuntime.create({ cfg, threads: 1, dropout: { seed: 3 } });
  const grads = new Float32Array(store.size);
  const losses: number[] = [];
  const norms: number[] = [];
  for (const [step, group] of groups.entries()) {
    grads.fill(0);
    let [lossSum, weightSum] = [0, 0];
    for (const [micro, b] of group.entries()) {
      const r = await rt.trainMicroStep(store, b, cw, { step, micro }, grads);
      [lossSum, weightSum] = [lossSum + r.lossSum, weightSum + r.weightSum];
    }
    const scale = 1 / weightSum;
    const norm = globalGradNorm(grads) * scale;
    opt.step(grads, lrs[step]!, scale * clipCoefficient(norm, maxGradNorm));
    losses.push(lossSum / weightSum);
    norms.push(norm);
  }
  await rt.release();
  return { store, opt, losses, norms };
}

const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return worst;
};

describe('ResidentRuntime', () => {
  it('K = 3 steps in one run equal 3 ordinary steps (accumulation 2, clipping active, dropout on)', async () => {
    const groups = [0, 1, 2].map((k) => [batch(2 * k, 5, 3), batch(2 * k + 1, 5, 5)]);
    const ref = await ordinarySteps(groups);
    const { store, opt } = fresh();
    const rt = await ResidentRuntime.create({ cfg, threads: 1, dropout: { seed: 3 }, accumulation: 2, adamw, maxGradNorm });
    const r = await rt.run(store, opt, groups, cw, 0, lrs);
    expect(ref.norms.every((n) => n > maxGradNorm)).toBe(true); // the clip is active on every step
    expect(maxDiff(r.losses, ref.losses)).toBeLessThan(1e-6);
    expect(maxDiff(r.gradNorms, ref.norms)).toBeLessThan(1e-6);
    // Same kernels on the same shapes, the clip factor in float64 as in JS: bit-identical state.
    expect(maxDiff(store.flat, ref.store.flat)).toBe(0);
    expect(maxDiff(opt.state().expAvg, ref.opt.state().expAvg)).toBe(0);
    expect(maxDiff(opt.state().expAvgSq, ref.opt.state().expAvgSq)).toBe(0);
    expect(opt.state().step).toBe(3);
    const perStep = 4 * store.size;
    const t = rt.copies.totals();
    expect([t.runs, t.in.params, t.in.moments, t.out.params, t.out.moments]).toEqual([1, perStep, 2 * perStep, perStep, 2 * perStep]);
    await rt.release();
  });

  it('pads micro-batches of different lengths to one seqLen with the same dropout masks: float rounding only', async () => {
    const groups = [
      [batch(0, 3, 2), batch(1, 6, 4)],
      [batch(2, 5, 5), batch(3, 2, 1)],
      [batch(4, 4, 3), batch(5, 6, 6)],
    ];
    const ref = await ordinarySteps(groups);
    const { store, opt } = fresh();
    const rt = await ResidentRuntime.create({ cfg, threads: 1, dropout: { seed: 3 }, accumulation: 2, adamw, maxGradNorm });
    const r = await rt.run(store, opt, groups, cw, 0, lrs);
    // Measured: losses 1.2e-6, grad norms 5e-7 relative, exp_avg 6e-8, exp_avg_sq 7e-11, params 1.8e-7 —
    // except the attention key biases (1e-3, lr-sized): their true gradient is 0 (softmax is shift-invariant),
    // and Adam's m/√v turns different rounding noise into full-size steps (notes/onnxruntime-node.md §3.2).
    expect(maxDiff(r.losses, ref.losses)).toBeLessThan(5e-6);
    r.gradNorms.forEach((n, i) => expect(Math.abs(n / ref.norms[i]! - 1)).toBeLessThan(2e-6));
    expect(maxDiff(opt.state().expAvg, ref.opt.state().expAvg)).toBeLessThan(1e-6);
    let params = 0;
    store.forEach((spec, view, off) => {
      if (!spec.name.endsWith('attention.self.key.bias')) params = Math.max(params, maxDiff(view, ref.store.flat.subarray(off, off + view.length)));
    });
    expect(params).toBeLessThan(1e-6);
    await rt.release();
  });

  it('rejects runs it cannot stack', async () => {
    const { store, opt } = fresh();
    const rt = await ResidentRuntime.create({ cfg, threads: 1, dropout: null, accumulation: 2, adamw, maxGradNorm: null });
    const short = { ...batch(1, 4, 4), size: 1, inputIds: new Int32Array(4), attentionMask: new Int32Array(4), tokenTypeIds: new Int32Array(4), labels: Int32Array.of(0) };
    await expect(rt.run(store, opt, [[batch(0, 4, 4), short]], cw, 0, [1e-3])).rejects.toThrow('stackRun: micro-batch 1 of step 0 has 1 rows, expected 2 like the first');
    await expect(rt.run(store, opt, [[batch(0, 4, 4)]], cw, 0, [1e-3])).rejects.toThrow('ResidentRuntime.run: every step needs 2 micro-batches (gradientAccumulationSteps)');
    await expect(rt.run(store, opt, [[batch(0, 4, 4), batch(1, 4, 4)]], cw, 0, [1e-3, 1e-3])).rejects.toThrow('ResidentRuntime.run: 2 learning rates for 1 steps');
    await expect(rt.run(store, new AdamW(store, { ...adamw, beta2: 0.99 }), [[batch(0, 4, 4), batch(1, 4, 4)]], cw, 0, [1e-3])).rejects.toThrow(
      /the optimizer's options .* differ from the graph's/,
    );
    await rt.release();
  });
});
