import { describe, expect, it } from '@jest/globals';
import * as ort from 'onnxruntime-node';
import { toOnnxBytes } from '../onnx/model.js';
import { executedOpCounts } from '../runtime/executed-ops.js';
import { createSessionFromBytes } from '../runtime/session.js';
import { parseBertConfig } from './bert-config.js';
import { buildBertEvalGraph, WORD_EMBEDDINGS } from './bert-graph.js';
import { bertParameterSpecs } from './bert-params.js';

const cfg = parseBertConfig(
  {
    vocab_size: 60,
    hidden_size: 16,
    num_hidden_layers: 2,
    num_attention_heads: 2,
    intermediate_size: 32,
    max_position_embeddings: 16,
    type_vocab_size: 2,
    id2label: { 0: 'a', 1: 'b', 2: 'c' },
  },
  'tiny config',
);
const specs = bertParameterSpecs(cfg);
let seed = 11;
const rand = (): number => {
  seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
  return (seed / 2 ** 32) * 2 - 1;
};
const weights = new Map(specs.map((s) => [s.name, Float32Array.from({ length: s.shape.reduce((a, b) => a * b, 1) }, () => 0.3 * rand())]));
const weight = (name: string): Float32Array => weights.get(name)!;
const LINEARS = 6 * cfg.numHiddenLayers + 2;

const ids = (v: number[]): ort.Tensor => new ort.Tensor('int64', BigInt64Array.from(v, BigInt), [2, 4]);
const feeds = { input_ids: ids([2, 17, 33, 3, 2, 59, 3, 0]), attention_mask: ids([1, 1, 1, 1, 1, 1, 1, 0]), token_type_ids: ids([0, 0, 0, 0, 0, 0, 1, 1]) };

async function logits(bytes: Uint8Array): Promise<{ names: [readonly string[], readonly string[]]; values: Float32Array }> {
  const s = await createSessionFromBytes(bytes, 'test model', { device: { kind: 'cpu' }, threads: 1 });
  const r = await s.run(feeds);
  const names: [readonly string[], readonly string[]] = [s.inputNames, s.outputNames];
  await s.release();
  return { names, values: r.logits!.data as Float32Array };
}

/**
 * Whether a protobuf string field holding exactly `s` (< 128 bytes) occurs in `bytes`: its length byte
 * followed by its UTF-8. Initializer names are such fields; a longer name that merely starts with `s` is not.
 */
function hasStringField(bytes: Uint8Array, s: string): boolean {
  const needle = Uint8Array.of(s.length, ...new TextEncoder().encode(s));
  outer: for (let i = 0; i + needle.length <= bytes.length; i++) {
    for (let k = 0; k < needle.length; k++) if (bytes[i + k] !== needle[k]) continue outer;
    return true;
  }
  return false;
}

describe('int8 eval graph, quantized while it is built', () => {
  const fp32 = toOnnxBytes(buildBertEvalGraph(cfg, { paramsAs: 'initializers', weights: weight }).graph);
  const built = buildBertEvalGraph(cfg, { paramsAs: 'initializers', weights: weight, int8: true });
  const int8 = toOnnxBytes(built.graph);

  it('stores every linear weight and the word embeddings as int8, and writes no float copy of them', () => {
    expect(built.quantized).toHaveLength(LINEARS + 1);
    expect(built.quantized[0]).toBe(WORD_EMBEDDINGS);
    expect(built.quantized.slice(-2)).toEqual(['bert.pooler.dense.weight', 'classifier.weight']);
    for (const name of built.quantized) {
      expect([hasStringField(fp32, name), hasStringField(int8, name)]).toEqual([true, false]);
      expect([hasStringField(int8, `${name}_quantized`), hasStringField(int8, `${name}_scale`)]).toEqual([true, true]);
    }
    expect(hasStringField(int8, 'bert.embeddings.position_embeddings.weight')).toBe(true);
  });

  it('keeps the inputs and outputs, and its logits stay close to fp32', async () => {
    const [a, b] = [await logits(fp32), await logits(int8)];
    expect(b.names).toEqual([['input_ids', 'attention_mask', 'token_type_ids'], ['logits']]);
    expect(b.names).toEqual(a.names);
    let maxDiff = 0;
    for (let i = 0; i < a.values.length; i++) maxDiff = Math.max(maxDiff, Math.abs(a.values[i]! - b.values[i]!));
    expect(maxDiff).toBeGreaterThan(0);
    expect(maxDiff).toBeLessThan(0.05);
  });

  it('is the pattern onnxruntime fuses: every MatMulInteger runs as DynamicQuantizeMatMul or MatMulIntegerToFloat', async () => {
    const ops = await executedOpCounts(int8, feeds, { device: { kind: 'cpu' }, threads: 1 });
    expect(ops.get('MatMulInteger')).toBeUndefined();
    expect(ops.get('Gemm')).toBeUndefined();
    expect((ops.get('DynamicQuantizeMatMul') ?? 0) + (ops.get('MatMulIntegerToFloat') ?? 0)).toBe(LINEARS);
  });

  it('refuses int8 without embedded weights, and with fp16/bf16 products', () => {
    expect(() => buildBertEvalGraph(cfg, { paramsAs: 'inputs', int8: true })).toThrow(
      "buildBertEvalGraph: int8 quantizes weights while building, so it needs paramsAs 'initializers' and weights (got paramsAs 'inputs')",
    );
    expect(() => buildBertEvalGraph(cfg, { paramsAs: 'initializers', weights: weight, int8: true, precision: 'fp16' })).toThrow(
      "buildBertEvalGraph: int8 runs its other products in float32; precision 'fp16' cannot be combined with it",
    );
  });
});
