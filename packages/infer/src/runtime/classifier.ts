// An onnxruntime session over a BERT classifier's ONNX bytes, scoring tokenized texts in
// length-sorted batches and returning logits in input order.
import { availableParallelism } from 'node:os';
import { BertfitError } from '@bertfit/core';
import { argmaxRows, type Device } from '@bertfit/train';
import { SessionScorer, WorkerPoolScorer, type BatchScorer } from './batch-scorer.js';
import { batchInputs, lengthBatches } from './length-batches.js';

export interface SessionSettings {
  /** Where the sessions run (default the CPU). */
  device?: Device;
  /** CPU threads in all (default: one per core). */
  threads?: number;
  /**
   * Sessions scoring batches in parallel, each in a worker thread with threads/workers intra-op threads
   * (default min(threads, 4) on the CPU, 1 on a GPU: each session holds its own copy of the weights). 1 = one in-process session.
   */
  workers?: number;
}

export interface PredictOptions {
  batchSize: number;
  /** Token type ids per row (default all 0). */
  typeIds?: readonly (readonly number[])[];
  /** Called after each batch with the rows done so far. */
  onProgress?: (done: number, total: number) => void;
}

export class Classifier {
  private constructor(
    private readonly scorer: BatchScorer,
    readonly numLabels: number,
    readonly padTokenId: number,
  ) {}

  /** Graph optimizations 'all', spinning off: train's session settings, so both score alike. */
  static async create(bytes: Uint8Array, numLabels: number, padTokenId: number, settings: SessionSettings = {}): Promise<Classifier> {
    const device = settings.device ?? { kind: 'cpu' };
    const threads = settings.threads ?? availableParallelism();
    const workers = settings.workers ?? (device.kind === 'cpu' ? Math.min(threads, 4) : 1);
    for (const [key, v] of [['threads', threads], ['workers', workers]] as const) {
      if (!Number.isInteger(v) || v < 1) throw new BertfitError(`Classifier: ${key} must be a positive integer, got ${v}`);
    }
    const what = 'the classifier model';
    const scorer = workers === 1
      ? await SessionScorer.create(bytes, what, device, settings.threads)
      : await WorkerPoolScorer.create(bytes, what, device, workers, Math.max(1, Math.floor(threads / workers)));
    return new Classifier(scorer, numLabels, padTokenId);
  }

  /** Logits [ids.length × numLabels], row i for ids[i]. */
  async predict(ids: readonly (readonly number[])[], opts: PredictOptions): Promise<Float32Array> {
    if (!Number.isInteger(opts.batchSize) || opts.batchSize < 1) throw new BertfitError(`predict: batchSize must be a positive integer, got ${opts.batchSize}`);
    const C = this.numLabels;
    const out = new Float32Array(ids.length * C);
    const batches = lengthBatches(ids.map((s) => s.length), opts.batchSize);
    let next = 0;
    let done = 0;
    let failed = false;
    // One lane per batch the scorer can take at once; each lane takes the next batch when its own is done.
    const lane = async (): Promise<void> => {
      while (next < batches.length && !failed) {
        const batch = batches[next++]!;
        const logits = await this.scorer.score(batchInputs(ids, batch, this.padTokenId, opts.typeIds));
        if (logits.length !== batch.rows.length * C) {
          throw new BertfitError(`predict: the model returned ${logits.length} logits for ${batch.rows.length} rows, expected ${C} per row`);
        }
        batch.rows.forEach((row, r) => out.set(logits.subarray(r * C, (r + 1) * C), row * C));
        done += batch.rows.length;
        opts.onProgress?.(done, ids.length);
      }
    };
    // A failing lane stops the others from taking new batches.
    const guarded = (): Promise<void> => lane().catch((err: unknown) => {
      failed = true;
      throw err;
    });
    await Promise.all(Array.from({ length: Math.min(this.scorer.concurrency, batches.length) }, guarded));
    return out;
  }

  async release(): Promise<void> {
    await this.scorer.release();
  }
}

/** Row-wise softmax (in float64) and argmax (train's argmaxRows, as the trainer's evaluations use) of logits [n × C]. */
export function softmaxRows(logits: Float32Array, C: number): { probs: number[][]; predictions: number[] } {
  const probs: number[][] = [];
  for (let i = 0; i < logits.length / C; i++) {
    const row = Array.from(logits.subarray(i * C, (i + 1) * C));
    const max = Math.max(...row);
    const e = row.map((v) => Math.exp(v - max));
    const sum = e.reduce((a, b) => a + b, 0);
    probs.push(e.map((v) => v / sum));
  }
  return { probs, predictions: Array.from(argmaxRows(logits, C)) };
}
