// An onnxruntime session (or a pool of them) over a BERT classifier's ONNX bytes, scoring tokenized
// texts through train's predict: length-sorted batches, logits in input order.
import { availableParallelism } from 'node:os';
import { BertfitError } from '@bertfit/core';
import { argmaxRows, predict, type Device, type PredictOptions as TrainPredictOptions } from '@bertfit/train';
import { SessionScorer, WorkerPoolScorer, type BatchScorer } from './batch-scorer.js';

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

/** train's predict options less what the classifier knows itself (labels, pad id). */
export type PredictOptions = Omit<TrainPredictOptions, 'numLabels' | 'padTokenId'>;

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
    for (const [key, v] of [
      ['threads', threads],
      ['workers', workers],
    ] as const) {
      if (!Number.isInteger(v) || v < 1) throw new BertfitError(`Classifier: ${key} must be a positive integer, got ${v}`);
    }
    const what = 'the classifier model';
    const scorer =
      workers === 1
        ? await SessionScorer.create(bytes, what, device, settings.threads)
        : await WorkerPoolScorer.create(bytes, what, device, workers, Math.max(1, Math.floor(threads / workers)));
    return new Classifier(scorer, numLabels, padTokenId);
  }

  /** Logits [ids.length × numLabels], row i for ids[i]. */
  predict(ids: readonly (readonly number[])[], opts: PredictOptions): Promise<Float32Array> {
    return predict(this.scorer, ids, { ...opts, numLabels: this.numLabels, padTokenId: this.padTokenId });
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
