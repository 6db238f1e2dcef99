// Request/reply over one worker thread, both sides: the main thread's WorkerChannel and the worker's
// serveRequests. A worker that reports a failure, throws, or exits fails what is waiting on it with
// an error naming it (`what`, e.g. "replica 1 (cpu)"). Generic: the data-parallel replicas and infer's
// scoring pool (batch-scorer.ts, whose CommonJS worker speaks this protocol by hand) use it.
import { parentPort, Worker, type Transferable } from 'node:worker_threads';
import { BertfitError, errorMessage } from '@bertfit/core';

type Reply<R> = { type: 'ready' } | { type: 'result'; id: number; value: R } | { type: 'failed'; id: number | null; message: string };
type Request<Q> = { type: 'request'; id: number; body: Q } | { type: 'close' };

/** A worker entry's answer: the value and the buffers to transfer with it. */
export interface Answer<R> {
  value: R;
  transfer?: Transferable[];
}

export class WorkerChannel<Q, R> {
  private next = 0;
  private readonly pending = new Map<number, { resolve: (r: R) => void; reject: (e: Error) => void }>();
  private failure: Error | null = null;
  private exited = false;
  private readonly exit: Promise<void>;

  private constructor(
    private readonly worker: Worker,
    readonly what: string,
    ready: { resolve: () => void; reject: (e: Error) => void },
  ) {
    const failAll = (e: Error): void => {
      this.failure ??= e;
      ready.reject(e);
      for (const p of this.pending.values()) p.reject(e);
      this.pending.clear();
    };
    worker.on('message', (m: Reply<R>) => {
      if (m.type === 'ready') return ready.resolve();
      if (m.type === 'failed' && m.id === null) return failAll(new BertfitError(`${what} failed to start: ${m.message}`));
      const p = this.pending.get(m.id!);
      this.pending.delete(m.id!);
      if (m.type === 'result') p?.resolve(m.value);
      else p?.reject(new BertfitError(`${what} failed: ${m.message}`));
    });
    worker.on('error', (err) => failAll(new BertfitError(`${what} crashed: ${err.message}`, { cause: err })));
    // An exit without an error event (killed, out of memory, process.exit) must not leave requests waiting.
    this.exit = new Promise((resolve) =>
      worker.once('exit', (code) => {
        this.exited = true;
        failAll(new BertfitError(`${what} exited (code ${code})`));
        resolve();
      }),
    );
  }

  /** Starts `entry` with `workerData`; resolves once the worker says it is ready, rejects (and stops it) if not. */
  static async start<Q, R>(entry: URL, workerData: unknown, what: string): Promise<WorkerChannel<Q, R>> {
    let ready!: { resolve: () => void; reject: (e: Error) => void };
    const started = new Promise<void>((resolve, reject) => (ready = { resolve, reject }));
    const channel = new WorkerChannel<Q, R>(new Worker(entry, { workerData }), what, ready);
    try {
      await started;
    } catch (err) {
      await channel.terminate();
      throw err;
    }
    return channel;
  }

  /**
   * One worker per entry, started at once; if any fails to start, the first failure is thrown once
   * every start has settled and the started ones are closed (idle, so none is stopped inside a run).
   */
  static async startAll<Q, R>(entry: URL, workers: readonly { workerData: unknown; what: string }[]): Promise<WorkerChannel<Q, R>[]> {
    const started = await Promise.allSettled(workers.map((w) => WorkerChannel.start<Q, R>(entry, w.workerData, w.what)));
    const channels = started.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    const failed = started.find((r) => r.status === 'rejected');
    if (failed) {
      await Promise.all(channels.map((c) => c.close()));
      throw failed.reason;
    }
    return channels;
  }

  /** Requests sent and not yet answered. */
  get inFlight(): number {
    return this.pending.size;
  }

  /** Whether the worker thread is still running. */
  get running(): boolean {
    return !this.exited;
  }

  request(body: Q, transfer: Transferable[] = []): Promise<R> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.next++;
    return new Promise<R>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ type: 'request', id, body } satisfies Request<Q>, transfer);
    });
  }

  /** Asks the worker to finish (its current request first, then it releases what it holds) and waits for it to exit. */
  async close(): Promise<void> {
    if (this.exited) return;
    this.worker.postMessage({ type: 'close' } satisfies Request<Q>);
    await this.exit;
  }

  /**
   * Stops the worker at once. Only for a worker that runs nothing: terminating a thread inside an
   * onnxruntime run aborts the process; use close for a working one.
   */
  async terminate(): Promise<void> {
    if (this.exited) return;
    await this.worker.terminate();
    await this.exit;
  }
}

/**
 * The worker side: `setup` runs once (a throw is reported as a failed start), then each request is
 * answered by `handle` in arrival order; `close` runs before the worker's port closes.
 */
export async function serveRequests<S, Q, R>(setup: () => Promise<S>, handle: (state: S, body: Q) => Promise<Answer<R>>, close: (state: S) => Promise<void>): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('serveRequests: not running in a worker thread');
  let state: S;
  try {
    state = await setup();
  } catch (err) {
    port.postMessage({ type: 'failed', id: null, message: errorMessage(err) } satisfies Reply<R>);
    return;
  }
  port.postMessage({ type: 'ready' } satisfies Reply<R>);
  // One request at a time: a session run blocks this thread anyway, and replies keep their order.
  let queue = Promise.resolve();
  port.on('message', (m: Request<Q>) => {
    queue = queue.then(async () => {
      if (m.type === 'close') {
        await close(state);
        port.close();
        return;
      }
      try {
        const a = await handle(state, m.body);
        port.postMessage({ type: 'result', id: m.id, value: a.value } satisfies Reply<R>, a.transfer ?? []);
      } catch (err) {
        port.postMessage({ type: 'failed', id: m.id, message: errorMessage(err) } satisfies Reply<R>);
      }
    });
  });
}
