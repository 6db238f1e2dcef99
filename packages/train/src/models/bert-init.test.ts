import { describe, it, expect } from '@jest/globals';
import { fillNormal, initBertParams } from './bert-init.js';
import { bertParameterSpecs } from './bert-params.js';
import { parseBertConfig, withArchitectureOverrides } from './bert-config.js';
import { ParamStore } from '../runtime/param-store.js';

// A mid-size config: the word-embedding matrix alone has 2M values, enough for tight statistics.
const cfg = withArchitectureOverrides(
  parseBertConfig({ vocab_size: 8000, hidden_size: 256, num_attention_heads: 4, intermediate_size: 512, num_hidden_layers: 2, pad_token_id: 3 }, 'c'),
  { id2label: ['a', 'b', 'c'] },
);

function stats(a: Float32Array): { mean: number; std: number } {
  let s = 0,
    s2 = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    s += x;
    s2 += x * x;
  }
  const mean = s / a.length;
  return { mean, std: Math.sqrt(s2 / a.length - mean * mean) };
}

describe('initBertParams', () => {
  const store = ParamStore.create(bertParameterSpecs(cfg));
  initBertParams(store, cfg, 42);

  it('draws Linear and Embedding weights from N(0, 0.02²)', () => {
    const word = store.view('bert.embeddings.word_embeddings.weight');
    const { mean, std } = stats(word);
    // 2M samples: standard error of the mean 1.4e-5, of the std ~1e-5.
    expect(Math.abs(mean)).toBeLessThan(1e-4);
    expect(Math.abs(std - 0.02)).toBeLessThan(1e-4);
    const inter = stats(store.view('bert.encoder.layer.1.intermediate.dense.weight'));
    expect(Math.abs(inter.std - 0.02)).toBeLessThan(5e-4);
    let beyond = 0;
    for (let i = 0; i < word.length; i++) if (word[i]! > 0.04 || word[i]! < -0.04) beyond++;
    // P(|z| > 2) = 4.55% for a normal (a uniform of the same std would give 0).
    expect(beyond / word.length).toBeGreaterThan(0.044);
    expect(beyond / word.length).toBeLessThan(0.047);
  });

  it('zeroes the padding row, biases and LayerNorm biases; LayerNorm weights are 1', () => {
    const word = store.view('bert.embeddings.word_embeddings.weight');
    expect(word.subarray(3 * 256, 4 * 256).every((x) => x === 0)).toBe(true);
    expect(word.subarray(2 * 256, 3 * 256).some((x) => x !== 0)).toBe(true);
    expect(store.view('bert.encoder.layer.0.output.LayerNorm.weight').every((x) => x === 1)).toBe(true);
    expect(store.view('bert.encoder.layer.0.output.LayerNorm.bias').every((x) => x === 0)).toBe(true);
    expect(store.view('bert.encoder.layer.0.attention.self.query.bias').every((x) => x === 0)).toBe(true);
    expect(store.view('classifier.bias').every((x) => x === 0)).toBe(true);
  });

  it('is deterministic per seed, different across seeds, independent across tensors', () => {
    const again = ParamStore.create(bertParameterSpecs(cfg));
    initBertParams(again, cfg, 42);
    expect(Buffer.compare(Buffer.from(again.flat.buffer), Buffer.from(store.flat.buffer))).toBe(0);
    const other = ParamStore.create(bertParameterSpecs(cfg));
    initBertParams(other, cfg, 43);
    expect(other.view('classifier.weight')).not.toEqual(store.view('classifier.weight'));
    const q0 = store.view('bert.encoder.layer.0.attention.self.query.weight');
    const k0 = store.view('bert.encoder.layer.0.attention.self.key.weight');
    expect(q0[0]).not.toBe(k0[0]);
  });

  it('re-initialises only the named tensors, with the same values as a full init', () => {
    const s = store.clone();
    s.view('classifier.weight').fill(7);
    s.view('bert.pooler.dense.weight').fill(7);
    initBertParams(s, cfg, 42, ['classifier.weight']);
    expect(s.view('classifier.weight')).toEqual(store.view('classifier.weight'));
    expect(s.view('bert.pooler.dense.weight').every((x) => x === 7)).toBe(true);
    expect(() => initBertParams(s, cfg, 42, ['nope'])).toThrow("ParamStore: no parameter named 'nope'");
    expect(() => initBertParams(s, cfg, -1)).toThrow('initBertParams: seed is -1, expected a non-negative integer');
  });
});

describe('fillNormal', () => {
  it('draws standard normals: mean 0, variance 1, symmetric tails, odd lengths filled', () => {
    const z = new Float32Array(200_001);
    fillNormal(z, 1, 7);
    const { mean, std } = stats(z);
    expect(Math.abs(mean)).toBeLessThan(0.01);
    expect(Math.abs(std - 1)).toBeLessThan(0.01);
    let above = 0,
      below = 0;
    for (const x of z) {
      if (x > 1.96) above++;
      if (x < -1.96) below++;
    }
    expect(Math.abs(above / z.length - 0.025)).toBeLessThan(0.002);
    expect(Math.abs(below / z.length - 0.025)).toBeLessThan(0.002);
    expect(z[200_000]).not.toBe(0);
  });
});
