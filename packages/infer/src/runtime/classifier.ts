// An onnxruntime session over a BERT classifier's ONNX bytes, scoring tokenized texts in
// length-sorted batches and returning logits in input order.
import { BertfitError } from '@bertfit/config';
import type * as ort from 'onnxruntime-node';
import { argmaxRows, createSessionFromBytes } from '@bertfit/train';
import { batchFeeds, lengthBatches } from './length-batches.js';

export interface SessionSettings {
  /** Intra-op threads; ORT's default (one per core) when omitted. */
  threads?: number;
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
    private readonly session: ort.InferenceSession,
    readonly numLabels: number,
    readonly padTokenId: number,
  ) {}

  /** Graph optimizations 'all', spinning off: train's session settings, so both score alike. */
  static async create(bytes: Uint8Array, numLabels: number, padTokenId: number, settings: SessionSettings = {}): Promise<Classifier> {
    const session = await createSessionFromBytes(bytes, 'the classifier model', {
      device: { kind: 'cpu' },
      ...(settings.threads === undefined ? {} : { threads: settings.threads }),
    });
    return new Classifier(session, numLabels, padTokenId);
  }

  /** Logits [ids.length × numLabels], row i for ids[i]. */
  async predict(ids: readonly (readonly number[])[], opts: PredictOptions): Promise<Float32Array> {
    if (!Number.isInteger(opts.batchSize) || opts.batchSize < 1) throw new BertfitError(`predict: batchSize must be a positive integer, got ${opts.batchSize}`);
    const C = this.numLabels;
    const out = new Float32Array(ids.length * C);
    let done = 0;
    for (const batch of lengthBatches(ids.map((s) => s.length), opts.batchSize)) {
      const result = await this.session.run(batchFeeds(ids, batch, this.padTokenId, opts.typeIds));
      const logits = result.logits;
      if (!logits) throw new BertfitError(`predict: the model has no 'logits' output (outputs: ${this.session.outputNames.join(', ')})`);
      const data = logits.data as Float32Array;
      batch.rows.forEach((row, r) => out.set(data.subarray(r * C, (r + 1) * C), row * C));
      done += batch.rows.length;
      opts.onProgress?.(done, ids.length);
    }
    return out;
  }

  async release(): Promise<void> {
    await this.session.release();
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
