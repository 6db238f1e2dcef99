import { describe, it, expect } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { AdamW } from './adamw.js';
import { clipGradNorm, clipCoefficient, globalGradNorm } from './clip.js';
import { ParamStore } from '../runtime/param-store.js';
import { bertParameterSpecs } from '../models/bert-params.js';
import { parseBertConfig } from '../models/bert-config.js';
import { readSafetensors } from '../io/safetensors.js';
import type { ParamSpec } from '../models/bert-params.js';
import { parityFile } from '../../test/fixture-paths.js';

const opts = { beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.01 };

async function parityStores() {
  const cfg = parseBertConfig(JSON.parse(readFileSync(parityFile('config.json'), 'utf8')), 'parity');
  const specs = bertParameterSpecs(cfg);
  const params = ParamStore.create(specs);
  params.loadTensors((await readSafetensors(parityFile('model.safetensors'))).tensors, { source: 'model.safetensors' });
  const grads = ParamStore.zerosLike(params);
  grads.loadTensors((await readSafetensors(parityFile('grads.safetensors'))).tensors, { source: 'grads.safetensors' });
  const after = (await readSafetensors(parityFile('after_step.safetensors'))).tensors;
  return { params, grads, after };
}

/** Max |ours - expected| per tensor, key.bias (analytically-zero gradient, see the fixture README) apart. */
function maxDiffs(params: ParamStore, after: Map<string, { data: Float32Array }>) {
  let other = 0,
    keyBias = 0;
  params.forEach((spec, view) => {
    const want = after.get(spec.name)!.data;
    let d = 0;
    for (let i = 0; i < view.length; i++) d = Math.max(d, Math.abs(view[i]! - want[i]!));
    if (spec.name.endsWith('attention.self.key.bias')) keyBias = Math.max(keyBias, d);
    else other = Math.max(other, d);
  });
  return { other, keyBias };
}

describe('AdamW + clip on the bert-parity fixture', () => {
  it('pre-clip norm is 5.2071485262 to 1e-5 rel; one clipped step reproduces after_step.safetensors', async () => {
    const { params, grads, after } = await parityStores();
    const { norm, coef } = clipGradNorm(grads.flat, 1.0);
    expect(Math.abs(norm - 5.207148526203486) / 5.207148526203486).toBeLessThan(1e-5);
    expect(coef).toBeCloseTo(0.19204364978723712, 7);
    new AdamW(params, opts).step(grads.flat, 1e-3);
    const d = maxDiffs(params, after);
    expect(d.other).toBeLessThanOrEqual(1e-6);
    expect(d.keyBias).toBeLessThanOrEqual(2e-3);
  });

  it('gives the same parameters with the clip factor passed as gradScale', async () => {
    const a = await parityStores();
    const b = await parityStores();
    clipGradNorm(a.grads.flat, 1.0);
    new AdamW(a.params, opts).step(a.grads.flat, 1e-3);
    new AdamW(b.params, opts).step(b.grads.flat, 1e-3, clipCoefficient(globalGradNorm(b.grads.flat), 1.0));
    let d = 0;
    for (let i = 0; i < a.params.size; i++) d = Math.max(d, Math.abs(a.params.flat[i]! - b.params.flat[i]!));
    expect(d).toBeLessThanOrEqual(1e-7);
    expect(maxDiffs(b.params, b.after).other).toBeLessThanOrEqual(1e-6);
  });
});

describe('AdamW', () => {
  const specs: ParamSpec[] = [
    { name: 'w', shape: [2], decay: true, init: 'normal' },
    { name: 'b', shape: [1], decay: false, init: 'zeros' },
  ];

  it('matches hand-computed steps: bias-corrected first steps move by lr·g/(|g|+eps), decay only where flagged', () => {
    const store = ParamStore.create(specs);
    store.flat.set([1, 1, 1]);
    const opt = new AdamW(store, opts);
    const g = new Float32Array([0.5, 0, -0.5]);
    opt.step(g, 0.1);
    // w0: 1·(1 - 0.1·0.01) - 0.1·0.5/(0.5 + 1e-8); w1: decay only; b: no decay.
    const upd = (0.1 * 0.5) / (0.5 + 1e-8);
    expect(store.flat[0]).toBeCloseTo(0.999 - upd, 7);
    expect(store.flat[1]).toBeCloseTo(0.999, 7);
    expect(store.flat[2]).toBeCloseTo(1 + upd, 7);
    // With a constant gradient, m̂ = g and v̂ = g² at every step: the same update again.
    const w0 = store.flat[0]!;
    opt.step(g, 0.1);
    expect(store.flat[0]).toBeCloseTo(w0 * 0.999 - upd, 6);
    expect(opt.state().step).toBe(2);
    expect(opt.state().expAvg[0]).toBeCloseTo(0.5 * (1 - 0.9 ** 2), 7);
    expect(opt.state().expAvgSq[0]).toBeCloseTo(0.25 * (1 - 0.999 ** 2), 9);
  });

  it('lr 0 leaves parameters unchanged but advances moments and the step counter', () => {
    const store = ParamStore.create(specs);
    store.flat.set([1, 2, 3]);
    const opt = new AdamW(store, opts);
    opt.step(new Float32Array([1, 1, 1]), 0);
    expect(Array.from(store.flat)).toEqual([1, 2, 3]);
    expect(opt.state().step).toBe(1);
    expect(opt.state().expAvg[0]).toBeCloseTo(0.1, 7);
  });

  it('resumes from a saved state bit-identically', () => {
    const grads = [new Float32Array([0.3, -0.2, 0.1]), new Float32Array([-0.1, 0.4, 0.2]), new Float32Array([0.05, 0.05, -0.3])];
    const full = ParamStore.create(specs);
    full.flat.set([0.5, -0.5, 0.1]);
    const a = new AdamW(full, opts);
    a.step(grads[0]!, 0.01);
    const saved = { step: a.state().step, expAvg: a.state().expAvg.slice(), expAvgSq: a.state().expAvgSq.slice() };
    const resumed = full.clone();
    a.step(grads[1]!, 0.02);
    a.step(grads[2]!, 0.03);
    const b = new AdamW(resumed, opts);
    b.loadState(saved);
    b.step(grads[1]!, 0.02);
    b.step(grads[2]!, 0.03);
    expect(Array.from(resumed.flat)).toEqual(Array.from(full.flat));
  });

  it('rejects wrong buffer sizes, bad lr, bad options and bad state', () => {
    const store = ParamStore.create(specs);
    const opt = new AdamW(store, opts);
    expect(() => opt.step(new Float32Array(2), 0.1)).toThrow('AdamW.step: gradient buffer has 2 values, the parameters 3');
    expect(() => opt.step(new Float32Array(3), NaN)).toThrow('AdamW.step: learning rate is NaN, expected a finite number ≥ 0');
    expect(() => new AdamW(store, { ...opts, beta2: 1 })).toThrow(/^AdamW: invalid options \{"beta1":0.9,"beta2":1,/);
    expect(() => opt.loadState({ step: 1, expAvg: new Float32Array(3), expAvgSq: new Float32Array(4) })).toThrow('AdamW.loadState: expAvgSq has 4 values, the parameters 3');
  });

  it('gives the same steps in the SIMD kernel (float32) and the JS loop (float64), across odd-sized tensors', () => {
    // Odd sizes put tensor boundaries off the 4-float lanes and across a 16,384-float chunk.
    const odd: ParamSpec[] = [
      { name: 'a', shape: [5, 7], decay: true, init: 'normal' },
      { name: 'a.bias', shape: [3], decay: false, init: 'zeros' },
      { name: 'big', shape: [129, 131], decay: true, init: 'normal' },
      { name: 'ln.weight', shape: [1], decay: false, init: 'ones' },
      { name: 'tail', shape: [6], decay: true, init: 'normal' },
    ];
    const simd = ParamStore.create(odd);
    let x = 7;
    const rand = () => {
      x = (x * 1103515245 + 12345) % 2147483648;
      return x / 2147483648 - 0.5;
    };
    for (let i = 0; i < simd.size; i++) simd.flat[i] = rand();
    const js = simd.clone();
    const a = new AdamW(simd, opts);
    const b = new AdamW(js, opts, { simd: false });
    expect([a.implementation, b.implementation]).toEqual(['simd', 'js']);
    for (let step = 0; step < 4; step++) {
      const g = Float32Array.from({ length: simd.size }, () => rand() * 0.1);
      a.step(g, 1e-2, 0.7);
      b.step(g, 1e-2, 0.7);
    }
    let worst = 0;
    for (let i = 0; i < simd.size; i++) worst = Math.max(worst, Math.abs(simd.flat[i]! - js.flat[i]!));
    expect(worst).toBeLessThan(1e-6);
    expect(worst).toBeGreaterThan(0); // float32 vs float64 arithmetic: really two paths
    for (const k of ['expAvg', 'expAvgSq'] as const) {
      // Relative to the moment's scale: m can cancel to ~0, where float32 and float64 differ most in relative terms.
      const scale = Math.max(...a.state()[k].map(Math.abs));
      a.state()[k].forEach((v, i) => expect(Math.abs(v - b.state()[k][i]!)).toBeLessThanOrEqual(1e-6 * scale));
    }
  });

  it('computes the global norm in the kernel as the float64 loop does, for any length', () => {
    for (const n of [0, 1, 3, 4, 5, 16383, 16384, 16385, 40001]) {
      const g = Float32Array.from({ length: n }, (_, i) => Math.sin(i) * 0.01);
      let s = 0;
      for (const v of g) s += v * v;
      expect(globalGradNorm(g)).toBeCloseTo(Math.sqrt(s), 12);
    }
  });
});
