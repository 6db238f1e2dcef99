import { describe, expect, it } from '@jest/globals';
import { toOnnxBytes } from '../onnx/model.js';
import { BertRuntime } from '../runtime/bert-runtime.js';
import { ParamStore } from '../runtime/param-store.js';
import { checkPrecision } from '../runtime/precision.js';
import type { Graph } from '../graph/graph.js';
import { parseBertConfig } from './bert-config.js';
import { buildBertEvalGraph, buildBertTrainGraph } from './bert-graph.js';
import { bertParameterSpecs } from './bert-params.js';

const cfg = parseBertConfig(
  { model_type: 'bert', vocab_size: 50, hidden_size: 8, num_hidden_layers: 1, num_attention_heads: 2, intermediate_size: 16, max_position_embeddings: 16 },
  'tiny config',
);

const products = (g: Graph) => g.nodes.filter((n) => n.opType === 'MatMul' || n.opType === 'Gemm');
const castsTo = (g: Graph, code: number) => g.nodes.filter((n) => n.opType === 'Cast' && n.attrs.to?.kind === 'int' && n.attrs.to.value === code);

describe('autocast: matrix products in the low type, the rest in float32', () => {
  it('fp32 builds the plain graph: float32 products, no loss-scale input', () => {
    const t = buildBertTrainGraph(cfg, { dropout: false });
    expect(products(t.graph).every((n) => n.inputs.every((v) => v === null || v.dtype === 'float32'))).toBe(true);
    expect(castsTo(t.graph, 10)).toEqual([]);
    expect(t.lossScaleInput).toBeNull();
  });

  it('fp16: every forward and backward product runs in float16, parameters and gradients stay float32', () => {
    const t = buildBertTrainGraph(cfg, { dropout: true, precision: 'fp16' });
    const p = products(t.graph);
    expect(p.length).toBeGreaterThan(20);
    expect(p.every((n) => n.inputs.every((v) => v === null || v.dtype === 'float16'))).toBe(true);
    expect(t.graph.nodes.filter((n) => ['Softmax', 'LayerNormalization', 'SoftmaxCrossEntropyLoss'].includes(n.opType)).every((n) => n.inputs[0]!.dtype === 'float32')).toBe(true);
    expect(t.graph.inputs.filter((v) => t.specs.some((s) => s.name === v.name)).every((v) => v.dtype === 'float32')).toBe(true);
    expect(t.graph.outputs.filter((v) => v.name.startsWith('grad')).every((v) => v.dtype === 'float32')).toBe(true);
    expect(t.lossScaleInput).toBe('loss_scale');
    expect(t.graph.inputs.find((v) => v.name === 'loss_scale')).toMatchObject({ dtype: 'float32', shape: [] });
  });

  it('bf16: Casts to bfloat16 (ONNX type 16) inside the graph only, no loss scaling; it serialises', () => {
    const t = buildBertTrainGraph(cfg, { dropout: false, precision: 'bf16' });
    expect(castsTo(t.graph, 16).length).toBeGreaterThan(0);
    expect(products(t.graph).every((n) => n.inputs.every((v) => v === null || v.dtype === 'bfloat16'))).toBe(true);
    expect([...t.graph.inputs, ...t.graph.outputs].some((v) => v.dtype === 'bfloat16')).toBe(false);
    expect(t.lossScaleInput).toBeNull();
    expect(toOnnxBytes(t.graph).length).toBeGreaterThan(1000);
    const e = buildBertEvalGraph(cfg, { paramsAs: 'inputs', precision: 'bf16' }).graph;
    expect(products(e).every((n) => n.inputs.every((v) => v === null || v.dtype === 'bfloat16'))).toBe(true);
  });

  it('bf16 is refused on a cpu device, naming train.precision, the value and the device; fp16 there gets a note', async () => {
    const msg = `train.precision "bf16" cannot run on device cpu: onnxruntime's CPU provider has no bfloat16 MatMul/Gemm; use "fp32" or "fp16" there, or a cuda device`;
    expect(() => checkPrecision('bf16', { kind: 'cpu' })).toThrow(msg);
    await expect(BertRuntime.create({ cfg, device: 'cpu', threads: 1, dropout: null, precision: 'bf16' })).rejects.toThrow(msg);
    expect(checkPrecision('bf16', { kind: 'cuda', index: 0 })).toBeNull();
    expect(checkPrecision('fp16', { kind: 'cpu' })).toMatch(/^train\.precision "fp16" on cpu: .*not faster than fp32/);
    expect(checkPrecision('fp32', { kind: 'cpu' })).toBeNull();
  });

  it('a loss scale needs the fp16 graph', async () => {
    const rt = await BertRuntime.create({ cfg, device: 'cpu', threads: 1, dropout: null });
    const batch = { size: 1, seqLen: 2, inputIds: Int32Array.of(2, 3), attentionMask: Int32Array.of(1, 1), tokenTypeIds: Int32Array.of(0, 0), labels: Int32Array.of(1) };
    const store = ParamStore.create(bertParameterSpecs(cfg));
    await expect(rt.trainMicroStep(store, batch, Float32Array.of(1, 1), { step: 0, micro: 0, lossScale: 1024 })).rejects.toThrow(
      'BertRuntime.trainMicroStep: lossScale 1024 needs precision "fp16" (this runtime is "fp32")',
    );
    await rt.release();
  });
});
