// Runs the BERT graphs on one device: a training micro-step session (forward + backward, dropout
// masks fed from a counter-based hash) and a lazily created eval session. Parameters are fed as
// zero-copy views of the ParamStore; gradients come back in the ParamStore layout.
import { BertfitError } from '@bertfit/core';
import type { Batch } from '@bertfit/data';
import * as ort from 'onnxruntime-node';
import type { BertConfig } from '../models/bert-config.js';
import { buildBertEvalGraph, buildBertTrainGraph, WORD_EMBEDDINGS } from '../models/bert-graph.js';
import type { BertTrainGraph } from '../models/bert-graph.js';
import type { Precision } from '../models/autocast.js';
import type { ParamStore } from './param-store.js';
import type { Device } from './device.js';
import { parseDevice } from './device.js';
import { addFloats } from '../simd/add-floats.js';
import { dropoutKey, fillKeepMask, siteShape } from './dropout-masks.js';
import { int64, int64Tensors } from './batch-feeds.js';
import { checkPrecision } from './precision.js';
import { createSession } from './session.js';
import { CopyCounter, splitGradOutputs } from './copy-count.js';
import type { OptimizationLevel, SessionOptions } from './session.js';

/** Session settings beyond threads and optimisation level (benchmarks and debugging). */
export type SessionTuning = Pick<SessionOptions, 'allowSpinning' | 'memArena' | 'memPattern' | 'profilePrefix' | 'optimizedModelPath'>;

export interface BertRuntimeOptions {
  cfg: BertConfig;
  /** 'cpu' (now) or 'cuda:N' (reported as unavailable until a CUDA build is wired in). */
  device?: string | Device;
  threads?: number;
  optimization?: OptimizationLevel;
  /** Dropout on (training) with masks reproducible per (seed, step, micro); null = no dropout. */
  dropout: { seed: number } | null;
  /** Applies to the training session only (default: memory pattern off). */
  tuning?: SessionTuning;
  /** The last layer for [CLS] rows only ('cls', default: same logits and gradients, fewer FLOPs) or every row. */
  lastLayer?: 'all' | 'cls';
  /** Matrix products in float32 (default), float16 or bfloat16 (models/autocast.ts); train and eval graphs alike. */
  precision?: Precision;
}

/** Which micro-step of the run (picks the dropout masks, 0-based) and, under fp16, the backward's seed. */
export interface MicroStepAt extends MaskPosition {
  /** fp16 only: d lossSum is seeded with this (the loss scale), so the gradients come out multiplied by it. Default 1. */
  lossScale?: number;
}

/** Which dropout masks a micro-batch draws: (step, micro) and its first row in the global micro-batch (default 0). */
export interface MaskPosition {
  step: number;
  micro: number;
  row?: number;
}

export interface MicroStepResult {
  lossSum: number;
  weightSum: number;
  /** d lossSum / d params in ParamStore layout: `accumulateInto` when given, else a buffer reused by the next call. */
  grads: Float32Array;
  logits: Float32Array;
}

export class BertRuntime {
  private evalSession: ort.InferenceSession | null = null;
  private paramFeeds: { flat: Float32Array; feeds: Record<string, ort.Tensor> } | null = null;
  private gradBuffer: Float32Array | null = null;
  private maskBuffer = new Uint8Array(0);
  /** Bytes fed to and fetched from the training session (bench: bytes per optimizer step). */
  readonly copies = new CopyCounter();

  private constructor(
    readonly cfg: BertConfig,
    readonly device: Device,
    private readonly opts: BertRuntimeOptions,
    private readonly train: BertTrainGraph,
    private readonly trainSession: ort.InferenceSession,
  ) {}

  static async create(opts: BertRuntimeOptions): Promise<BertRuntime> {
    const device = typeof opts.device === 'string' ? parseDevice(opts.device) : (opts.device ?? { kind: 'cpu' as const });
    checkPrecision(opts.precision ?? 'fp32', device);
    const train = buildBertTrainGraph(opts.cfg, { dropout: opts.dropout !== null, lastLayer: opts.lastLayer ?? 'cls', precision: opts.precision ?? 'fp32' });
    // ORT's memory pattern keeps the first run's arena chunks *and* a planned block for later runs:
    // bert-base peak RSS 5.7 → 4.0 GiB without it, at the same step time (bench/README.md).
    const tuning: SessionTuning = { memPattern: false, ...opts.tuning };
    const session = await createSession(train.graph, { ...tuning, device, threads: opts.threads, optimization: opts.optimization ?? 'all' });
    return new BertRuntime(opts.cfg, device, opts, train, session);
  }

  /** Zero-copy feeds of every parameter view; rebuilt only when a different store is passed. */
  private params(store: ParamStore): Record<string, ort.Tensor> {
    if (this.paramFeeds?.flat === store.flat) return this.paramFeeds.feeds;
    const feeds: Record<string, ort.Tensor> = {};
    for (const s of this.train.specs) {
      if (!store.has(s.name)) throw new BertfitError(`BertRuntime: the parameter store has no '${s.name}'`);
      feeds[s.name] = new ort.Tensor('float32', store.view(s.name), s.shape);
    }
    this.paramFeeds = { flat: store.flat, feeds };
    return feeds;
  }

  private batchFeeds(b: Batch): Record<string, ort.Tensor> {
    const n = b.size * b.seqLen;
    for (const [k, v] of [
      ['inputIds', b.inputIds],
      ['attentionMask', b.attentionMask],
      ['tokenTypeIds', b.tokenTypeIds],
    ] as const) {
      if (v.length !== n) throw new BertfitError(`BertRuntime: batch.${k} has ${v.length} values, expected size·seqLen = ${b.size}·${b.seqLen}`);
    }
    const vocab = this.cfg.vocabSize;
    for (let t = 0; t < n; t++) {
      const id = b.inputIds[t]!;
      if (id < 0 || id >= vocab) throw new BertfitError(`BertRuntime: input id ${id} at position ${t} is outside the vocabulary (${vocab})`);
    }
    return int64Tensors(b);
  }

  /**
   * One micro-batch's forward + backward. `step`/`micro` pick the dropout masks (0-based); `row` is
   * the batch's first row in its global micro-batch (data parallelism), so it draws those rows' masks.
   */
  async trainMicroStep(store: ParamStore, batch: Batch, classWeights: Float32Array, at: MicroStepAt, accumulateInto?: Float32Array): Promise<MicroStepResult> {
    if (!batch.labels || batch.labels.length !== batch.size) throw new BertfitError(`BertRuntime.trainMicroStep: batch.labels must have ${batch.size} values`);
    if (classWeights.length !== this.cfg.numLabels)
      throw new BertfitError(`BertRuntime.trainMicroStep: classWeights has ${classWeights.length} values, expected ${this.cfg.numLabels}`);
    const data: Record<string, ort.Tensor> = {
      ...this.batchFeeds(batch),
      labels: new ort.Tensor('int64', int64(batch.labels), [batch.size]),
      class_weights: new ort.Tensor('float32', classWeights, [classWeights.length]),
      ...this.lossScaleFeed(at.lossScale ?? 1),
    };
    const params = this.params(store);
    const masks = this.masks(batch, at);
    const out = await this.trainSession.run({ ...params, ...data, ...masks });
    this.copies.count({ params, batch: data, masks }, splitGradOutputs(out));
    if (accumulateInto === undefined) this.gradBuffer ??= new Float32Array(store.size);
    const grads = accumulateInto ?? this.gradBuffer!;
    if (grads.length !== store.size) throw new BertfitError(`BertRuntime.trainMicroStep: accumulateInto has ${grads.length} values, the store ${store.size}`);
    const add = accumulateInto !== undefined;
    for (const [name, output] of this.train.gradOutputs) {
      const g = out[output]!.data as Float32Array;
      const off = store.offset(name);
      if (add) addFloats(grads, off, g);
      else grads.set(g, off);
    }
    this.scatterWordRows(store, grads, out[this.train.wordRowsOutput]!.data as Float32Array, batch.inputIds, add);
    return {
      lossSum: Number((out.lossSum!.data as Float32Array)[0]),
      weightSum: Number((out.weightSum!.data as Float32Array)[0]),
      grads,
      logits: out.logits!.data as Float32Array,
    };
  }

  /** Sparse word-embedding gradient: row ids[i] += rows[i]; the pad row gets none (nn.Embedding padding_idx). */
  private scatterWordRows(store: ParamStore, grads: Float32Array, rows: Float32Array, ids: Int32Array, add: boolean): void {
    const H = this.cfg.hiddenSize;
    const base = store.offset(WORD_EMBEDDINGS);
    if (!add) grads.fill(0, base, base + this.cfg.vocabSize * H);
    for (let t = 0; t < ids.length; t++) {
      const id = ids[t]!;
      if (id === this.cfg.padTokenId) continue;
      const dst = base + id * H;
      const src = t * H;
      for (let j = 0; j < H; j++) grads[dst + j]! += rows[src + j]!;
    }
  }

  private lossScaleFeed(scale: number): Record<string, ort.Tensor> {
    const input = this.train.lossScaleInput;
    if (input !== null) return { [input]: new ort.Tensor('float32', Float32Array.of(scale), []) };
    if (scale !== 1) throw new BertfitError(`BertRuntime.trainMicroStep: lossScale ${scale} needs precision "fp16" (this runtime is "${this.opts.precision ?? 'fp32'}")`);
    return {};
  }

  private masks(b: Batch, at: MaskPosition): Record<string, ort.Tensor> {
    const dropout = this.opts.dropout;
    if (dropout === null) return {};
    const shapes = this.train.sites.map((s) => siteShape(s, b.size, b.seqLen));
    const total = shapes.reduce((n, s) => n + s.reduce((a, c) => a * c, 1), 0);
    if (this.maskBuffer.length < total) this.maskBuffer = new Uint8Array(total);
    const feeds: Record<string, ort.Tensor> = {};
    let off = 0;
    this.train.sites.forEach((site, i) => {
      const shape = shapes[i]!;
      const n = shape.reduce((a, c) => a * c, 1);
      const view = this.maskBuffer.subarray(off, off + n);
      // Every site's mask is batch-major, so a row holds n / size elements.
      fillKeepMask(view, dropoutKey(dropout.seed, at.step, at.micro, i), site.ratio, (at.row ?? 0) * (n / b.size));
      feeds[`dropout.${site.name}`] = new ort.Tensor('bool', view, shape);
      off += n;
    });
    return feeds;
  }

  /** Logits [size, numLabels] without dropout or backward. */
  async evaluate(store: ParamStore, batch: Batch): Promise<Float32Array> {
    if (this.evalSession === null) {
      const { graph } = buildBertEvalGraph(this.cfg, { paramsAs: 'inputs', lastLayer: this.opts.lastLayer ?? 'cls', precision: this.opts.precision ?? 'fp32' });
      this.evalSession = await createSession(graph, { device: this.device, threads: this.opts.threads, optimization: this.opts.optimization ?? 'all' });
    }
    const out = await this.evalSession.run({ ...this.params(store), ...this.batchFeeds(batch) });
    return out.logits!.data as Float32Array;
  }

  /** Ends ORT profiling of the training session; ORT writes `<tuning.profilePrefix>_<date>.json`. */
  endProfiling(): void {
    this.trainSession.endProfiling();
  }

  async release(): Promise<void> {
    await this.trainSession.release();
    await this.evalSession?.release();
  }
}
