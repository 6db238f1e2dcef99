// Where a Classifier's batches run: one in-process session (ORT splits each op across its threads), or
// a pool of worker threads with a session each, scoring different batches at once. The pool is the
// default: on 2 cores, 2 one-thread sessions scored bert-base 14–16 % faster than one two-thread
// session (fp32 and int8), since no op waits for the other thread (infer bench README).
import type * as ort from 'onnxruntime-node';
import { BertfitError } from '@bertfit/core';
import {
  createSessionFromBytes,
  int64Inputs,
  int64Tensors,
  ortSessionOptions,
  sessionCreateError,
  WorkerChannel,
  type Batch,
  type Device,
  type Int64Inputs,
  type LogitsRunner,
} from '@bertfit/train';

const ENTRY = new URL('./classifier-worker.cjs', import.meta.url);

/** A runner for train's predict that holds sessions of its own, released when done. */
export interface BatchScorer extends LogitsRunner {
  /** Batches that can be scored at once. */
  readonly concurrency: number;
  release(): Promise<void>;
}

export class SessionScorer implements BatchScorer {
  readonly concurrency = 1;
  private constructor(private readonly session: ort.InferenceSession) {}

  static async create(bytes: Uint8Array, what: string, device: Device, threads: number | undefined): Promise<SessionScorer> {
    return new SessionScorer(await createSessionFromBytes(bytes, what, { device, ...(threads === undefined ? {} : { threads }) }));
  }

  async logits(b: Batch): Promise<Float32Array> {
    const out = await this.session.run(int64Tensors(b));
    if (!out.logits) throw new BertfitError(`predict: the model has no 'logits' output (outputs: ${this.session.outputNames.join(', ')})`);
    return out.logits.data as Float32Array;
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}

/** What a classifier worker (classifier-worker.cjs) is asked: one batch's int64 inputs. */
interface ScoreRequest {
  dims: [number, number];
  inputs: Int64Inputs;
}

export class WorkerPoolScorer implements BatchScorer {
  private constructor(private readonly channels: WorkerChannel<ScoreRequest, Float32Array>[]) {}

  get concurrency(): number {
    return this.channels.length;
  }

  /** `workers` sessions of `threadsEach` intra-op threads; fails (and stops every worker) if any session fails. */
  static async create(bytes: Uint8Array, what: string, device: Device, workers: number, threadsEach: number): Promise<WorkerPoolScorer> {
    const workerData = { bytes, options: ortSessionOptions({ device, threads: threadsEach }) };
    try {
      const channels = await WorkerChannel.startAll<ScoreRequest, Float32Array>(
        ENTRY,
        Array.from({ length: workers }, (_, w) => ({ workerData, what: `worker ${w} scoring ${what}` })),
      );
      return new WorkerPoolScorer(channels);
    } catch (err) {
      throw sessionCreateError(what, device, err);
    }
  }

  /** To the least busy worker: with at most `concurrency` batches in flight, an idle one. */
  logits(b: Batch): Promise<Float32Array> {
    const channel = this.channels.reduce((a, c) => (c.inFlight < a.inFlight ? c : a));
    const inputs = int64Inputs(b);
    return channel.request(
      { dims: [b.size, b.seqLen], inputs },
      Object.values(inputs).map((a) => a.buffer as ArrayBuffer),
    );
  }

  /** Each worker finishes its batch, releases its session and exits. */
  async release(): Promise<void> {
    await Promise.all(this.channels.map((c) => c.close()));
  }
}
