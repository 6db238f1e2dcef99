// Resident training (train.stepsPerRun > 1): K optimizer steps per session.run() of the resident graph
// (models/resident-graph.ts). Parameters and AdamW moments go in once and come out once per run, and
// are written back into the ParamStore and the AdamW instance, so checkpoints, evaluation and the
// ordinary path see the same state as after K ordinary steps.
import { BertfitError } from '@bertfit/core';
import * as ort from 'onnxruntime-node';
import type { Batch } from '@bertfit/data';
import { buildResidentTrainGraph, EXP_AVG, EXP_AVG_SQ, NEW } from '../models/resident-graph.js';
import type { ResidentTrainGraph } from '../models/resident-graph.js';
import { adamwStepScalars } from '../optim/adamw.js';
import type { AdamW, AdamWOptions } from '../optim/adamw.js';
import type { BertRuntimeOptions } from './bert-runtime.js';
import { CopyCounter } from './copy-count.js';
import type { CopyKind } from './copy-count.js';
import { parseDevice } from './device.js';
import { siteShape } from './dropout-masks.js';
import { ParamStore } from './param-store.js';
import { createSession } from './session.js';
import { stackMasks, stackRun } from './stack-run.js';

export interface ResidentRuntimeOptions extends BertRuntimeOptions {
  /** Micro-batches per optimizer step (train.gradientAccumulationSteps). */
  accumulation: number;
  /** Must equal the AdamW instance's options (checked per run): β, ε and decay are graph constants. */
  adamw: AdamWOptions;
  maxGradNorm: number | null;
}

/** Per optimizer step of the run, in order. */
export interface ResidentRunResult {
  losses: number[];
  weightSums: number[];
  gradNorms: number[];
}

type Feeds = Record<string, ort.Tensor>;

export class ResidentRuntime {
  /** Bytes fed to and fetched from the resident session (bench: bytes per optimizer step). */
  readonly copies = new CopyCounter();

  private constructor(
    private readonly opts: ResidentRuntimeOptions,
    private readonly graph: ResidentTrainGraph,
    private readonly session: ort.InferenceSession,
  ) {}

  static async create(opts: ResidentRuntimeOptions): Promise<ResidentRuntime> {
    const device = typeof opts.device === 'string' ? parseDevice(opts.device) : (opts.device ?? { kind: 'cpu' as const });
    const graph = buildResidentTrainGraph(opts.cfg, {
      accumulation: opts.accumulation,
      adamw: opts.adamw,
      maxGradNorm: opts.maxGradNorm,
      dropout: opts.dropout !== null,
      lastLayer: opts.lastLayer,
    });
    // As BertRuntime: no memory pattern (peak RSS), ORT's 'all' optimisations.
    const session = await createSession(graph.graph, { memPattern: false, ...opts.tuning, device, threads: opts.threads, optimization: opts.optimization ?? 'all' });
    return new ResidentRuntime(opts, graph, session);
  }

  /**
   * `groups.length` optimizer steps (each `accumulation` micro-batches of one size) with learning rates
   * `lrs`; `step0` is the first step's index (it keys the dropout masks, as in BertRuntime). Updates
   * `store` and `optimizer` in place.
   */
  async run(
    store: ParamStore,
    optimizer: AdamW,
    groups: readonly (readonly Batch[])[],
    classWeights: Float32Array,
    step0: number,
    lrs: readonly number[],
  ): Promise<ResidentRunResult> {
    const K = groups.length;
    const A = this.opts.accumulation;
    if (lrs.length !== K) throw new BertfitError(`ResidentRuntime.run: ${lrs.length} learning rates for ${K} steps`);
    if (groups.some((g) => g.length !== A)) throw new BertfitError(`ResidentRuntime.run: every step needs ${A} micro-batches (gradientAccumulationSteps)`);
    for (const lr of lrs) if (!(lr >= 0) || !Number.isFinite(lr)) throw new BertfitError(`ResidentRuntime.run: learning rate is ${lr}, expected a finite number ≥ 0`);
    if (classWeights.length !== this.opts.cfg.numLabels)
      throw new BertfitError(`ResidentRuntime.run: classWeights has ${classWeights.length} values, expected ${this.opts.cfg.numLabels}`);
    const o = optimizer.opts;
    const a = this.opts.adamw;
    if (o.beta1 !== a.beta1 || o.beta2 !== a.beta2 || o.eps !== a.eps || o.weightDecay !== a.weightDecay) {
      throw new BertfitError(`ResidentRuntime.run: the optimizer's options ${JSON.stringify(o)} differ from the graph's ${JSON.stringify(a)}`);
    }
    const state = optimizer.state();
    const moments = [ParamStore.fromFlat(store.specs, state.expAvg), ParamStore.fromFlat(store.specs, state.expAvgSq)] as const;
    const feeds: Partial<Record<CopyKind, Feeds>> = {
      params: this.stateFeeds(store, ''),
      moments: { ...this.stateFeeds(moments[0], EXP_AVG), ...this.stateFeeds(moments[1], EXP_AVG_SQ) },
      ...this.dataFeeds(groups, classWeights, step0),
      scalars: this.scalarFeeds(o, state.step, lrs),
    };
    const out = await this.session.run(Object.assign({}, ...Object.values(feeds)) as Feeds);
    const results = { losses: out.losses!, weight_sums: out.weight_sums!, grad_norms: out.grad_norms! };
    const fetched = { params: {} as Feeds, moments: {} as Feeds, results };
    for (const s of this.graph.specs) {
      const [p, m, v] = [s.name, EXP_AVG + s.name, EXP_AVG_SQ + s.name].map((n) => out[NEW + n]!) as [ort.Tensor, ort.Tensor, ort.Tensor];
      store.view(s.name).set(p.data as Float32Array);
      moments[0].view(s.name).set(m.data as Float32Array);
      moments[1].view(s.name).set(v.data as Float32Array);
      Object.assign(fetched.params, { [s.name]: p });
      Object.assign(fetched.moments, { [EXP_AVG + s.name]: m, [EXP_AVG_SQ + s.name]: v });
    }
    optimizer.advance(K);
    this.copies.count(feeds, fetched);
    const list = (t: ort.Tensor): number[] => Array.from(t.data as Float32Array);
    return { losses: list(results.losses), weightSums: list(results.weight_sums), gradNorms: list(results.grad_norms) };
  }

  /** Zero-copy views of every tensor of a ParamStore-shaped buffer, named `<prefix><param name>`. */
  private stateFeeds(s: ParamStore, prefix: string): Feeds {
    return Object.fromEntries(this.graph.specs.map((spec) => [prefix + spec.name, new ort.Tensor('float32', s.view(spec.name), spec.shape)]));
  }

  private dataFeeds(groups: readonly (readonly Batch[])[], classWeights: Float32Array, step0: number): { batch: Feeds; masks: Feeds } {
    const run = stackRun(groups, this.opts.cfg.padTokenId);
    const lead = [run.steps, run.accumulation];
    const dims = [...lead, run.size, run.seqLen];
    const batch: Feeds = {
      input_ids: new ort.Tensor('int64', run.inputIds, dims),
      attention_mask: new ort.Tensor('int64', run.attentionMask, dims),
      token_type_ids: new ort.Tensor('int64', run.tokenTypeIds, dims),
      labels: new ort.Tensor('int64', run.labels, [...lead, run.size]),
      class_weights: new ort.Tensor('float32', classWeights, [classWeights.length]),
    };
    const dropout = this.opts.dropout;
    if (dropout === null) return { batch, masks: {} };
    const stacked = stackMasks(this.graph.sites, groups, run, dropout.seed, step0);
    const masks = Object.fromEntries(
      this.graph.sites.map((site, i) => [`dropout.${site.name}`, new ort.Tensor('bool', stacked[i]!, [...lead, ...siteShape(site, run.size, run.seqLen)])]),
    );
    return { batch, masks };
  }

  /** The trip count and AdamW's per-step scalars for optimizer steps t0 + 1 … t0 + K. */
  private scalarFeeds(o: AdamWOptions, t0: number, lrs: readonly number[]): Feeds {
    const s = lrs.map((lr, k) => adamwStepScalars(o, t0 + k + 1, lr));
    const vec = (f: (x: (typeof s)[number]) => number): ort.Tensor => new ort.Tensor('float32', Float32Array.from(s, f), [s.length]);
    return {
      steps: new ort.Tensor('int64', BigInt64Array.of(BigInt(lrs.length)), []),
      neg_step_size: vec((x) => -x.stepSize),
      bc2_sqrt: vec((x) => x.bc2Sqrt),
      decay_keep: vec((x) => x.decayKeep),
    };
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}
