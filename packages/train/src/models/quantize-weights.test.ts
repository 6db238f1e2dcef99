import { describe, expect, it } from '@jest/globals';
import { EMBEDDING_QMAX, LINEAR_QMAX, quantizeEmbeddingRows, quantizeLinearWeight } from './quantize-weights.js';

describe('quantizeLinearWeight', () => {
  it('transposes torch [out, in] to [in, out] and scales each output column to [-63, 63]', () => {
    // W [2 out, 2 in]: out row 0 = (1.5, -2), out row 1 = (-0.5, 0.2).
    const { q, scale } = quantizeLinearWeight('w', Float32Array.of(1.5, -2, -0.5, 0.2), 2, 2);
    expect(Array.from(scale)).toEqual([Math.fround(2 / 63), Math.fround(0.5 / 63)]);
    // [in, out] row-major: in 0 → (1.5, -0.5), in 1 → (-2, 0.2).
    expect(Array.from(q)).toEqual([47, -63, -63, 25]);
    expect(Math.max(...Array.from(q, Math.abs))).toBe(LINEAR_QMAX);
  });

  it('gives an all-zero column scale 1 (not 0, which would divide by zero) and zeros', () => {
    const { q, scale } = quantizeLinearWeight('w', Float32Array.of(0, 0, 1, -1), 2, 2);
    expect(Array.from(scale)).toEqual([1, Math.fround(1 / 63)]);
    expect(Array.from(q)).toEqual([0, 63, 0, -63]);
  });

  it('names the weight, row and column of a non-finite value, and a wrong size', () => {
    expect(() => quantizeLinearWeight('bert.pooler.dense.weight', Float32Array.of(1, NaN), 1, 2)).toThrow(
      "quantizing 'bert.pooler.dense.weight': row 0 column 1 holds a non-finite value (NaN)",
    );
    expect(() => quantizeLinearWeight('w', new Float32Array(5), 2, 3)).toThrow("quantizing 'w': 5 values, expected [2,3] = 6");
  });
});

describe('quantizeEmbeddingRows', () => {
  it('scales each row to the full int8 range and round-trips within half a step', () => {
    const t = Float32Array.of(0.5, -1, 0.25, 3, 0, -0.1);
    const { q, scale } = quantizeEmbeddingRows('emb', t, 2, 3);
    expect(Array.from(scale)).toEqual([Math.fround(1 / 127), Math.fround(3 / 127)]);
    expect(Array.from(q)).toEqual([64, -127, 32, 127, 0, -4]);
    for (let i = 0; i < t.length; i++) expect(Math.abs(q[i]! * scale[Math.floor(i / 3)]! - t[i]!)).toBeLessThanOrEqual(scale[Math.floor(i / 3)]! / 2 + 1e-7);
    expect(Math.max(...Array.from(q, Math.abs))).toBe(EMBEDDING_QMAX);
  });

  it('names the table, row and column of a non-finite value', () => {
    expect(() => quantizeEmbeddingRows('bert.embeddings.word_embeddings.weight', Float32Array.of(1, 2, Infinity, 0), 2, 2)).toThrow(
      "quantizing 'bert.embeddings.word_embeddings.weight': row 1 column 0 holds a non-finite value (Infinity)",
    );
  });
});
