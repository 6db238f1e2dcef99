// K optimizer steps in one session.run(): an ONNX Loop whose loop-carried values are the parameters and
// both AdamW moments, so they cross the run() boundary once per K steps instead of every micro-step.
// The body inlines the ordinary micro-step graph (forward + backward, buildBertTrainGraph) once per
// micro-batch, sums the gradients, then clips and applies AdamW in-graph (optim/adamw-graph.ts).
// Batches, dropout masks and the per-step AdamW scalars are fed stacked [steps, …] and picked with
// Gather on the iteration number; losses, weight sums and gradient norms come out as scan outputs.
import { BertfitError } from '@bertfit/core';
import { Graph } from '../graph/graph.js';
import type { Value } from '../graph/graph.js';
import { inlineGraph } from '../graph/inline.js';
import * as op from '../graph/ops/index.js';
import type { DType } from '../graph/dtype.js';
import type { Dim } from '../graph/shape.js';
import type { AdamWOptions } from '../optim/adamw.js';
import { adamwUpdateGraph, clipScaleGraph } from '../optim/adamw-graph.js';
import type { BertConfig } from './bert-config.js';
import { buildBertTrainGraph, WORD_EMBEDDINGS } from './bert-graph.js';
import type { DropoutSite } from './bert-graph.js';
import type { ParamSpec } from './bert-params.js';

export interface ResidentGraphOptions {
  /** Micro-batches per optimizer step (unrolled in the body). */
  accumulation: number;
  adamw: AdamWOptions;
  maxGradNorm: number | null;
  dropout: boolean;
  lastLayer?: 'all' | 'cls';
}

export interface ResidentTrainGraph {
  graph: Graph;
  specs: ParamSpec[];
  sites: DropoutSite[];
}

/** Graph input names of the moments; outputs are `new.<input name>` for params and moments. */
export const EXP_AVG = 'exp_avg.';
export const EXP_AVG_SQ = 'exp_avg_sq.';
export const NEW = 'new.';

/**
 * Inputs: `steps` (int64 [], the trip count K); every parameter (its HF name), `exp_avg.<name>`,
 * `exp_avg_sq.<name>`; input_ids / attention_mask / token_type_ids int64 [K, A, batch, seq], labels
 * int64 [K, A, batch], class_weights [C], `dropout.<site>` bool [K, A, …site]; per step float32 [K]:
 * neg_step_size, bc2_sqrt, decay_keep (adamwStepScalars). Outputs: `new.<input>` for every parameter
 * and moment; losses, weight_sums [K] float32, grad_norms [K] float64 (as globalGradNorm).
 */
export function buildResidentTrainGraph(cfg: BertConfig, opts: ResidentGraphOptions): ResidentTrainGraph {
  const A = opts.accumulation;
  if (!Number.isInteger(A) || A < 1) throw new BertfitError(`buildResidentTrainGraph: accumulation is ${A}, expected a positive integer`);
  const micro = buildBertTrainGraph(cfg, { dropout: opts.dropout, lastLayer: opts.lastLayer ?? 'cls' });
  const { specs, sites } = micro;
  const g = new Graph('bert_resident');
  const steps = g.input('steps', 'int64', []);
  const state = (prefix: string): Value[] => specs.map((s) => g.input(`${prefix}${s.name}`, 'float32', s.shape));
  const initial = [...state(''), ...state(EXP_AVG), ...state(EXP_AVG_SQ)];
  const stacked = (name: string, dtype: DType, shape: readonly Dim[]): Value => g.input(name, dtype, ['steps', A, ...shape]);
  const data = [
    stacked('input_ids', 'int64', ['batch', 'seq']),
    stacked('attention_mask', 'int64', ['batch', 'seq']),
    stacked('token_type_ids', 'int64', ['batch', 'seq']),
    stacked('labels', 'int64', ['batch']),
    ...sites.map((s) => stacked(`dropout.${s.name}`, 'bool', s.shape)),
  ];
  const classWeights = g.input('class_weights', 'float32', [cfg.numLabels]);
  const [negStep, bc2, keep] = ['neg_step_size', 'bc2_sqrt', 'decay_keep'].map((n) => g.input(n, 'float32', ['steps'])) as [Value, Value, Value];

  const body = g.subgraph('step');
  const iter = body.input('step.iter', 'int64', []);
  const cond = body.input('step.cond', 'bool', []);
  const carried = initial.map((v) => body.input(`step.${v.name}`, 'float32', v.shape));
  const n = specs.length;
  const params = carried.slice(0, n);
  const thisStep = data.map((x) => op.gather(body, x, iter));

  // The micro-steps: the ordinary micro-step graph, inlined with this step's a-th batch and masks.
  const gradNames = specs.filter((s) => s.name !== WORD_EMBEDDINGS).map((s) => micro.gradOutputs.get(s.name)!);
  const wanted = ['lossSum', 'weightSum', ...gradNames, micro.wordRowsOutput];
  const sums = new Map<string, Value>();
  const ids: Value[] = [];
  const rows: Value[] = [];
  for (let a = 0; a < A; a++) {
    const mb = thisStep.map((x) => op.gather(body, x, op.scalar(body, a, 'int64')));
    const bind = new Map<string, Value>([...specs.map((s, i) => [s.name, params[i]!] as const), ['class_weights', classWeights], ...data.map((x, i) => [x.name, mb[i]!] as const)]);
    const out = inlineGraph(body, micro.graph, bind, wanted);
    for (const name of wanted.slice(0, -1)) sums.set(name, a === 0 ? out.get(name)! : op.add(body, sums.get(name)!, out.get(name)!));
    ids.push(op.reshape(body, mb[0]!, [-1]));
    rows.push(op.reshape(body, out.get(micro.wordRowsOutput)!, [-1, cfg.hiddenSize]));
  }
  const grads = specs.map((s) => (s.name === WORD_EMBEDDINGS ? wordEmbeddingGrad(body, cfg, ids, rows) : sums.get(micro.gradOutputs.get(s.name)!)!));

  // Clip, then AdamW on every tensor with this step's scalars.
  const weightSum = sums.get('weightSum')!;
  const { gradNorm, gradScale } = clipScaleGraph(body, grads, weightSum, opts.maxGradNorm);
  const at = { negStepSize: op.gather(body, negStep, iter), bc2Sqrt: op.gather(body, bc2, iter), decayKeep: op.gather(body, keep, iter) };
  const next = specs.map((s, i) =>
    adamwUpdateGraph(body, { param: params[i]!, grad: grads[i]!, expAvg: carried[n + i]!, expAvgSq: carried[2 * n + i]!, decay: s.decay }, gradScale, at, opts.adamw),
  );
  body.output('step.cond_out', cond);
  const nextState = [...next.map((x) => x.param), ...next.map((x) => x.expAvg), ...next.map((x) => x.expAvgSq)];
  nextState.forEach((v, i) => body.output(`step.next.${initial[i]!.name}`, v));
  body.output('step.loss', op.div(body, sums.get('lossSum')!, weightSum));
  body.output('step.weight_sum', weightSum);
  body.output('step.grad_norm', gradNorm);

  const { finals, scans } = op.loop(g, steps, initial, body, 'steps');
  finals.forEach((v, i) => g.output(`${NEW}${initial[i]!.name}`, v));
  ['losses', 'weight_sums', 'grad_norms'].forEach((name, i) => g.output(name, scans[i]!));
  return { graph: g, specs, sites };
}

/**
 * The dense [vocab, H] word-embedding gradient from every micro-batch's per-token rows, in token order
 * (the order BertRuntime.scatterWordRows adds them); the pad row gets none (nn.Embedding padding_idx).
 */
function wordEmbeddingGrad(g: Graph, cfg: BertConfig, ids: Value[], rows: Value[]): Value {
  const H = cfg.hiddenSize;
  const allIds = op.concat(g, ids, 0);
  const isPad = op.unsqueeze(g, op.equal(g, allIds, op.scalar(g, cfg.padTokenId, 'int64')), [1]);
  const kept = op.where(g, isPad, op.scalar(g, 0), op.concat(g, rows, 0));
  const zeros = op.constantOfShape(g, op.ints(g, [cfg.vocabSize, H]), [cfg.vocabSize, H]);
  return op.scatterAddRows(g, zeros, allIds, kept);
}
