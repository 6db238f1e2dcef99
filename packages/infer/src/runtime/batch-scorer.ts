// Where a Classifier's batches run: one in-process session (ORT splits each op across its threads), or
// a pool of worker threads with a session each, scoring different batches at once. The pool is the
// default: on 2 cores, 2 one-thread sessions scored bert-base 14–16 % faster than one two-thread
// session (fp32 and int8), since no op waits for the other thread (infer bench README).
import { Worker } from 'node:worker_threads';
import type * as ort from 'onnxruntime-node';
import { BertfitError } from '@bertfit/core';
import { createSessionFromBytes, int64Inputs, int64Tensors, ortSessionOptions, sessionCreateError, type Batch, type Device, type LogitsRunner } from '@bertfit/train';

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

type Reply = { type: 'ready' } | { type: 'result'; id: number; logits: Float32Array } | { type: 'failed'; id: number | null; message: string };

interface Member {
  worker: Worker;
  pending: Map<number, { resolve: (l: Float32Array) => void; reject: (e: Error) => void }>;
  /** Resolves when the thread has exited (listened for from the start, so a thread that already exited is seen). */
  exited: Promise<void>;
}

export class WorkerPoolScorer implements BatchScorer {
  private next = 0;
  private constructor(private readonly members: Member[]) {}

  get concurrency(): number {
    return this.members.length;
  }

  /** `workers` sessions of `threadsEach` intra-op threads; fails (and stops every worker) if any session fails. */
  static async create(bytes: Uint8Array, what: string, device: Device, workers: number, threadsEach: number): Promise<WorkerPoolScorer> {
    const options = ortSessionOptions({ device, threads: threadsEach });
    const members: Member[] = [];
    const ready = Array.from({ length: workers }, () => {
      const worker = new Worker(new URL('./classifier-worker.cjs', import.meta.url), { workerData: { bytes, options } });
      const m: Member = { worker, pending: new Map(), exited: new Promise((r) => worker.once('exit', () => r())) };
      members.push(m);
      return new Promise<void>((resolve, reject) => {
        // Everything still waiting on this worker fails with `e` (and so does the pool's start).
        const failAll = (e: Error): void => {
          reject(e);
          for (const p of m.pending.values()) p.reject(e);
          m.pending.clear();
        };
        worker.on('message', (r: Reply) => {
          if (r.type === 'ready') return resolve();
          if (r.id === null) return failAll(sessionCreateError(what, device, new Error((r as { message: string }).message)));
          const p = m.pending.get(r.id);
          m.pending.delete(r.id);
          if (r.type === 'result') p?.resolve(r.logits);
          else p?.reject(new BertfitError(`predict: scoring a batch with ${what} failed: ${r.message}`));
        });
        worker.on('error', (err) => failAll(new BertfitError(`predict: a worker thread scoring ${what} crashed: ${err.message}`, { cause: err })));
        // An exit without an error event (e.g. killed, or out of memory) must not leave batches waiting forever.
        worker.on('exit', (code) => failAll(new BertfitError(`predict: the worker thread scoring ${what} exited (code ${code})`)));
      });
    });
    // Every worker settles first: terminating one still inside onnxruntime's session creation can abort the process.
    const failed = (await Promise.allSettled(ready)).find((r) => r.status === 'rejected');
    const pool = new WorkerPoolScorer(members);
    if (failed) {
      await pool.release();
      throw failed.reason;
    }
    return pool;
  }

  /** To the least busy worker: with at most `concurrency` batches in flight, an idle one. */
  logits(b: Batch): Promise<Float32Array> {
    const m = this.members.reduce((a, c) => (c.pending.size < a.pending.size ? c : a));
    const id = this.next++;
    return new Promise((resolve, reject) => {
      m.pending.set(id, { resolve, reject });
      const inputs = int64Inputs(b);
      const buffers = Object.values(inputs).map((a) => a.buffer as ArrayBuffer);
      m.worker.postMessage({ type: 'score', id, dims: [b.size, b.seqLen], inputs }, buffers);
    });
  }

  /** Each worker finishes its batch, releases its session and exits (one that failed to start has exited already). */
  async release(): Promise<void> {
    await Promise.all(
      this.members.map(({ worker, exited }) => {
        worker.postMessage({ type: 'close' });
        return exited;
      }),
    );
  }
}
