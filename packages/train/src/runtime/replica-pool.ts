// Data parallelism over several devices: one worker thread per replica, each with its own
// onnxruntime session (a session's run blocks the thread that calls it, so threads are the only way
// to run them at once). Parameters are shared memory, which each replica copies once per step (in
// its own thread; onnxruntime will not read shared memory); each replica sums its shards' gradients
// into a shared buffer of its own, and this thread adds those up with the SIMD add before the
// optimizer step, so the step is the weighted mean over the whole effective batch, as with one replica.
import { BertfitError, errorMessage } from '@bertfit/core';
import type { Batch } from '@bertfit/data';
import { addFloats } from '../simd/add-floats.js';
import type { ParamStore } from './param-store.js';
import type { ReplicaReply, ReplicaRequest, ReplicaWorkerData, ShardWork } from './replica-protocol.js';
import type { GradientSums, ReplicaOptions, Replicas, StepPosition } from './replicas.js';
import { shardBatch } from './shard-batch.js';
import { WorkerChannel } from './worker-channel.js';

const ENTRY = new URL('./replica-worker-entry.mjs', import.meta.url);

interface Member {
  channel: WorkerChannel<ReplicaRequest, ReplicaReply>;
  grads: Float32Array;
}

export class ReplicaPool implements Replicas {
  /** Whether replica 0 has copied the parameters since the last step (the optimizer changes them after each). */
  private evalSynced = false;

  private constructor(
    private readonly members: Member[],
    private readonly store: ParamStore,
  ) {}

  /** Starts every replica; if one fails to start, the others are stopped and its error is thrown. */
  static async create(opts: ReplicaOptions): Promise<ReplicaPool> {
    const params = opts.store.flat.buffer;
    if (!(params instanceof SharedArrayBuffer)) {
      throw new BertfitError(`${opts.devices.length} replicas need the parameters in shared memory: create the ParamStore with { shared: true }`);
    }
    const grads = opts.devices.map(() => new SharedArrayBuffer(4 * opts.store.size));
    const channels = await WorkerChannel.startAll<ReplicaRequest, ReplicaReply>(
      ENTRY,
      opts.devices.map((device, r) => {
        const workerData: ReplicaWorkerData = { runtime: { ...opts.runtime, device }, specs: opts.store.specs, params, grads: grads[r]!, classWeights: opts.classWeights };
        return { workerData, what: `replica ${r} (${device})` };
      }),
    );
    const members = channels.map((channel, r) => ({ channel, grads: new Float32Array(grads[r]!) }));
    return new ReplicaPool(members, opts.store);
  }

  get count(): number {
    return this.members.length;
  }

  /** Worker threads still running (0 after release or a failure). */
  get running(): number {
    return this.members.filter((m) => m.channel.running).length;
  }

  async gradients(group: readonly Batch[], at: StepPosition, into: Float32Array): Promise<GradientSums> {
    const work: ShardWork[][] = this.members.map(() => []);
    group.forEach((batch, micro) => {
      shardBatch(batch, this.count).forEach((shard, r) => {
        if (shard) work[r]!.push({ micro, row: shard.row, batch: shard.batch });
      });
    });
    const replies = await this.all(
      `step ${at.step + 1}`,
      this.members.map((m, r) => {
        const buffers = work[r]!.flatMap(({ batch: b }) => [b.inputIds.buffer, b.attentionMask.buffer, b.tokenTypeIds.buffer, ...(b.labels ? [b.labels.buffer] : [])]);
        return m.channel.request({ type: 'gradients', syncParams: true, ...at, shards: work[r]! }, buffers as ArrayBuffer[]);
      }),
    );
    this.evalSynced = false;
    into.set(this.members[0]!.grads);
    for (const m of this.members.slice(1)) addFloats(into, 0, m.grads);
    let lossSum = 0;
    let weightSum = 0;
    for (const reply of replies) {
      if (reply.type !== 'gradients') throw new BertfitError(`ReplicaPool: a replica answered '${reply.type}' to a gradients request`);
      lossSum += reply.lossSum;
      weightSum += reply.weightSum;
    }
    return { lossSum, weightSum };
  }

  async evaluate(store: ParamStore, batch: Batch): Promise<Float32Array> {
    if (store.flat !== this.store.flat) throw new BertfitError('ReplicaPool.evaluate: the replicas read the parameters of the store they were started with; pass that store');
    const [reply] = await this.all('evaluation', [this.members[0]!.channel.request({ type: 'evaluate', syncParams: !this.evalSynced, batch })]);
    this.evalSynced = true;
    if (reply!.type !== 'logits') throw new BertfitError(`ReplicaPool: replica 0 answered '${reply!.type}' to an evaluate request`);
    return reply!.logits;
  }

  /**
   * The replies, or the first failure once every worker has been stopped (none is left running).
   * Stopped by close, not terminate: the other replicas are inside a session run, and terminating a
   * thread there aborts the whole process (onnxruntime-node throws a Napi::Error nobody catches).
   */
  private async all(what: string, requests: Promise<ReplicaReply>[]): Promise<ReplicaReply[]> {
    try {
      return await Promise.all(requests);
    } catch (err) {
      await Promise.all(this.members.map((m) => m.channel.close()));
      throw new BertfitError(`data-parallel ${what}: ${errorMessage(err)}; all ${this.members.length} replicas were stopped`, { cause: err });
    }
  }

  async release(): Promise<void> {
    await Promise.all(this.members.map((m) => m.channel.close()));
  }
}
