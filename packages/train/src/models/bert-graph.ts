// BertForSequenceClassification as IR graphs: forward (eval/export) and the training micro-step
// (forward + weighted-CE lossSum + backward). Hidden states are kept 2-D [batch*seq, H] so every
// linear layer is one Gemm with its bias fused (in the int8 eval graph, int8-layers.ts's quantized
// product); attention reshapes to [batch, heads, seq, head].
import { BertfitError } from '@bertfit/core';
import { gradients } from '../autodiff/gradients.js';
import { Graph } from '../graph/graph.js';
import type { Value } from '../graph/graph.js';
import * as op from '../graph/ops/index.js';
import type { Dim } from '../graph/shape.js';
import { autocast } from './autocast.js';
import type { Precision } from './autocast.js';
import type { BertConfig } from './bert-config.js';
import { bertParameterSpecs } from './bert-params.js';
import { int8Layers } from './int8-layers.js';
import type { Int8Layers } from './int8-layers.js';
import type { ParamSpec } from './bert-params.js';

/** A place where HF applies dropout; its bool keep-mask is a graph input named `dropout.<name>`. */
export interface DropoutSite {
  name: string;
  ratio: number;
  /** Mask shape in terms of 'batch', 'seq' and numbers. */
  shape: Dim[];
}

const FLOAT32_MIN = -3.4028234663852886e38;
export const WORD_EMBEDDINGS = 'bert.embeddings.word_embeddings.weight';

interface Forward {
  logits: Value;
  activations: Map<string, Value>;
  sites: DropoutSite[];
  /** The gathered word-embedding rows [batch, seq, H] (their gradient is the sparse embedding gradient). */
  wordRows: Value;
  params: Map<string, Value>;
}

/**
 * `lastLayer: 'cls'` computes the last encoder layer for the [CLS] row only: the classifier reads
 * nothing else, so its other rows are dead work (keys and values still cover every token). Logits and
 * every gradient are unchanged; it saves 10/12 of the last layer's FLOPs (≈ 7 % of bert-base's step,
 * ≈ 20 % of bert-mini's). 'all' keeps every row, for `hidden_states` outputs.
 */
function forward(
  g: Graph,
  cfg: BertConfig,
  specs: readonly ParamSpec[],
  param: (s: ParamSpec) => Value,
  dropout: boolean,
  lastLayer: 'all' | 'cls',
  precision: Precision,
  int8: Int8Layers | null = null,
): Forward {
  const H = cfg.hiddenSize;
  const nh = cfg.numAttentionHeads;
  if (H % nh !== 0) throw new BertfitError(`BERT graph: hidden_size ${H} is not a multiple of num_attention_heads ${nh}`);
  const hd = H / nh;
  const params = new Map(specs.map((s) => [s.name, param(s)]));
  const P = (name: string): Value => {
    const v = params.get(name);
    if (!v) throw new BertfitError(`BERT graph: parameter '${name}' is missing from the parameter specs`);
    return v;
  };
  const ids = g.input('input_ids', 'int64', ['batch', 'seq']);
  const mask = g.input('attention_mask', 'int64', ['batch', 'seq']);
  const types = g.input('token_type_ids', 'int64', ['batch', 'seq']);
  const sites: DropoutSite[] = [];
  const drop = (x: Value, name: string, ratio: number, shape: Dim[]): Value => {
    if (!dropout || ratio === 0) return x;
    sites.push({ name, ratio, shape });
    const keep = g.input(`dropout.${name}`, 'bool', shape);
    const scale = op.where(g, keep, op.scalar(g, 1 / (1 - ratio)), op.scalar(g, 0));
    return op.mul(g, x, scale);
  };
  const products = autocast(g, precision);
  const linear = (x: Value, prefix: string): Value => (int8 ? int8.linear(x, prefix, P(`${prefix}.bias`)) : products.linear(x, P(`${prefix}.weight`), P(`${prefix}.bias`)));
  const ln = (x: Value, prefix: string): Value => op.layerNorm(g, x, P(`${prefix}.weight`), P(`${prefix}.bias`), cfg.layerNormEps).y;
  const activations = new Map<string, Value>();
  const bt = op.shapeOf(g, ids);
  const btH = op.concat(g, [bt, op.ints(g, [H])], 0);
  const toBTH = (x: Value): Value => op.reshape(g, x, btH, ['batch', 'seq', H]);

  // Embeddings: word + token type + position (0..seq-1 for every row), LayerNorm, dropout.
  const wordRows = int8 ? int8.embedding(WORD_EMBEDDINGS, ids) : op.gather(g, P(WORD_EMBEDDINGS), ids);
  const seqLen = op.shapeOf(g, ids, 1, 2);
  const positions = op.slice(g, P('bert.embeddings.position_embeddings.weight'), [0], seqLen, [0], ['seq', H]);
  const emb = op.add(g, op.add(g, wordRows, op.gather(g, P('bert.embeddings.token_type_embeddings.weight'), types)), positions);
  let h = ln(op.reshape(g, emb, [-1, H]), 'bert.embeddings.LayerNorm');
  activations.set('hidden_states.0', h);
  h = drop(h, 'embeddings', cfg.hiddenDropoutProb, ['batch*seq', H]);

  // Additive mask (1 − mask)·finfo(float32).min, [batch, 1, 1, seq].
  const additive = op.unsqueeze(g, op.mul(g, op.sub(g, op.scalar(g, 1), op.cast(g, mask, 'float32')), op.scalar(g, FLOAT32_MIN)), [1, 2]);
  const headsShape = op.concat(g, [bt, op.ints(g, [nh, hd])], 0);
  const heads = (x: Value, perm: number[]): Value => op.transpose(g, op.reshape(g, x, headsShape, ['batch', 'seq', nh, hd]), perm);
  // Rows are b·seq + t, so columns 0..H-1 of [batch, seq·H] are each sequence's [CLS] row.
  const clsRows = (x: Value): Value => {
    const rowsAsBatch = op.reshape(g, x, op.concat(g, [op.shapeOf(g, ids, 0, 1), op.ints(g, [-1])], 0), ['batch', `seq*${H}`]);
    return op.slice(g, rowsAsBatch, [0], [H], [1]);
  };
  const L = cfg.numHiddenLayers;
  for (let l = 0; l < L; l++) {
    const p = `bert.encoder.layer.${l}`;
    const clsOnly = lastLayer === 'cls' && l === L - 1;
    // Queries (and everything after attention) for every row, or for the [CLS] rows only: [batch, heads, 1, head].
    const rows = clsOnly ? clsRows(h) : h;
    const q = clsOnly
      ? op.reshape(g, linear(rows, `${p}.attention.self.query`), [-1, nh, 1, hd], ['batch', nh, 1, hd])
      : heads(linear(h, `${p}.attention.self.query`), [0, 2, 1, 3]);
    const kT = heads(linear(h, `${p}.attention.self.key`), [0, 2, 3, 1]);
    const v = heads(linear(h, `${p}.attention.self.value`), [0, 2, 1, 3]);
    const rowDim: Dim = clsOnly ? 'batch' : 'batch*seq';
    const scores = op.add(g, op.div(g, products.matmul(q, kT), op.scalar(g, Math.sqrt(hd))), additive);
    const probs = drop(op.softmax(g, scores, -1), `layer.${l}.attention`, cfg.attentionProbsDropoutProb, ['batch', nh, clsOnly ? 1 : 'seq', 'seq']);
    const attended = products.matmul(probs, v);
    // [batch, heads, 1, head] is already [CLS]'s row in [batch, H] order; the full case transposes back.
    const ctx = clsOnly ? op.reshape(g, attended, [-1, H]) : op.reshape(g, op.transpose(g, attended, [0, 2, 1, 3]), [-1, H]);
    const attnOut = drop(linear(ctx, `${p}.attention.output.dense`), `layer.${l}.attention.output`, cfg.hiddenDropoutProb, [rowDim, H]);
    const a = ln(op.add(g, attnOut, rows), `${p}.attention.output.LayerNorm`);
    const inter = op.gelu(g, linear(a, `${p}.intermediate.dense`));
    const out = drop(linear(inter, `${p}.output.dense`), `layer.${l}.output`, cfg.hiddenDropoutProb, [rowDim, H]);
    h = ln(op.add(g, out, a), `${p}.output.LayerNorm`);
    if (!clsOnly) activations.set(`hidden_states.${l + 1}`, h);
  }

  // Pooler on the [CLS] row (already the only row when the last layer was computed for it alone).
  const cls = lastLayer === 'cls' ? h : clsRows(h);
  const pooled = op.tanh(g, linear(cls, 'bert.pooler.dense'));
  activations.set('pooled_output', pooled);
  const logits = linear(drop(pooled, 'classifier', cfg.classifierDropout ?? cfg.hiddenDropoutProb, ['batch', H]), 'classifier');
  for (const [k, v] of activations) if (k.startsWith('hidden_states.')) activations.set(k, toBTH(v));
  return { logits, activations, sites, wordRows, params };
}

export interface BertEvalGraphOptions {
  /** 'inputs' (fed per run, the runtime's default) or 'initializers' (weights embedded, for export). */
  paramsAs: 'inputs' | 'initializers';
  /** Parameter data by name, required for 'initializers' (e.g. `(name) => store.view(name)`). */
  weights?: (name: string) => Float32Array;
  /** Also output hidden_states.0..L [batch,seq,H], pooled_output and probs (parity tests); implies lastLayer 'all'. */
  activations?: boolean;
  /** 'cls' (default): the last layer for the [CLS] rows only, see forward(). */
  lastLayer?: 'all' | 'cls';
  /** Matrix products in float32 (default) or float16/bfloat16 (models/autocast.ts). */
  precision?: Precision;
  /**
   * Dynamic int8 (models/int8-layers.ts): every linear weight and the word-embedding table stored as
   * int8, activations quantized at run time. Needs paramsAs 'initializers'; attention stays float32.
   */
  int8?: boolean;
}

export interface BertEvalGraph {
  graph: Graph;
  specs: ParamSpec[];
  /** The float parameters stored as int8 (empty unless `int8`). */
  quantized: string[];
}

/** Eval/export graph: inputs input_ids, attention_mask, token_type_ids (int64 [batch,seq]); output `logits`. */
export function buildBertEvalGraph(cfg: BertConfig, opts: BertEvalGraphOptions): BertEvalGraph {
  const g = new Graph('bert_eval');
  const specs = bertParameterSpecs(cfg);
  const weights = opts.paramsAs === 'initializers' ? opts.weights : undefined;
  if (opts.paramsAs === 'initializers' && !weights) throw new BertfitError(`buildBertEvalGraph: paramsAs 'initializers' needs weights`);
  if (opts.int8 && !weights)
    throw new BertfitError(`buildBertEvalGraph: int8 quantizes weights while building, so it needs paramsAs 'initializers' and weights (got paramsAs '${opts.paramsAs}')`);
  if (opts.int8 && (opts.precision ?? 'fp32') !== 'fp32')
    throw new BertfitError(`buildBertEvalGraph: int8 runs its other products in float32; precision '${opts.precision}' cannot be combined with it`);
  // Float initializers the int8 graph no longer reads (the quantized weights) are not written: the writer keeps live constants only.
  const param = (s: ParamSpec): Value => (weights ? g.initializer(s.name, 'float32', s.shape, weights(s.name)) : g.input(s.name, 'float32', s.shape));
  const matrixShape = (name: string): readonly [number, number] => {
    const shape = specs.find((s) => s.name === name)?.shape;
    if (shape?.length !== 2) throw new BertfitError(`buildBertEvalGraph: '${name}' is not a matrix parameter (shape ${JSON.stringify(shape)})`);
    return [shape[0]!, shape[1]!];
  };
  const int8 = opts.int8 && weights ? int8Layers(g, weights, matrixShape) : null;
  const f = forward(g, cfg, specs, param, false, opts.activations ? 'all' : (opts.lastLayer ?? 'cls'), opts.precision ?? 'fp32', int8);
  g.output('logits', f.logits);
  if (opts.activations) {
    for (const [k, v] of f.activations) g.output(k, v);
    g.output('probs', op.softmax(g, f.logits, -1));
  }
  return { graph: g, specs, quantized: int8?.quantized ?? [] };
}

export interface BertTrainGraph {
  graph: Graph;
  specs: ParamSpec[];
  sites: DropoutSite[];
  /** Output name of each parameter's gradient; the word embeddings' comes as rows (see below). */
  gradOutputs: Map<string, string>;
  /** Output 'grad_rows.word_embeddings' [batch, seq, H]: d lossSum / d gathered rows, scattered by the runtime. */
  wordRowsOutput: string;
  /** fp16: the scalar float32 input 'loss_scale' that seeds the backward (gradients come out multiplied by it); else null. */
  lossScaleInput: string | null;
}

/**
 * Training micro-step: inputs = parameters, input_ids/attention_mask/token_type_ids, labels [batch]
 * (int64), class_weights [C], and a bool keep-mask per dropout site; outputs lossSum = Σ w[y]·nll,
 * weightSum = Σ w[y], logits, and d lossSum / d every parameter. The word-embedding gradient is
 * returned as per-token rows instead of a dense [vocab, H] tensor (≈ 94 MB for bert-base). Under
 * fp16 the backward's seed is the graph input `loss_scale` (a scalar fed per run, so the graph never
 * rebuilds with the scale), so gradients come out scaled: float16 products keep small values above
 * underflow, and an overflow shows as inf/NaN for the trainer's GradScaler.
 */
export function buildBertTrainGraph(cfg: BertConfig, opts: { dropout: boolean; lastLayer?: 'all' | 'cls'; precision?: Precision }): BertTrainGraph {
  const g = new Graph('bert_train');
  const specs = bertParameterSpecs(cfg);
  const precision = opts.precision ?? 'fp32';
  const f = forward(g, cfg, specs, (s) => g.input(s.name, 'float32', s.shape), opts.dropout, opts.lastLayer ?? 'cls', precision);
  const labels = g.input('labels', 'int64', ['batch']);
  const classWeights = g.input('class_weights', 'float32', [cfg.numLabels]);
  const lossSum = op.softmaxCrossEntropy(g, f.logits, labels, classWeights, 'sum').loss;
  const weightSum = op.reduceSum(g, op.gather(g, classWeights, labels), [0]);
  const dense = specs.filter((s) => s.name !== WORD_EMBEDDINGS).map((s) => f.params.get(s.name)!);
  // bf16 has float32's exponent range: no loss scaling, as in torch.
  const lossScale = precision === 'fp16' ? g.input('loss_scale', 'float32', []) : null;
  const y = lossScale === null ? { value: lossSum } : { value: lossSum, seed: lossScale };
  const grads = gradients(g, { ys: [y], wrt: [...dense, f.wordRows] });
  g.output('lossSum', lossSum);
  g.output('weightSum', weightSum);
  g.output('logits', f.logits);
  const gradOutputs = new Map<string, string>();
  for (const p of dense) gradOutputs.set(p.name, g.output(`grad.${p.name}`, grads.get(p)!).name);
  const wordRowsOutput = g.output('grad_rows.word_embeddings', grads.get(f.wordRows)!).name;
  return { graph: g, specs, sites: f.sites, gradOutputs, wordRowsOutput, lossScaleInput: lossScale?.name ?? null };
}
