// Where the trainer's gradients and evaluation logits are computed: one BertRuntime in this thread
// (one device, today's path), or a pool of worker-thread replicas, one per device (replica-pool.ts).
import { availableParallelism } from 'node:os';
import { BertfitError } from '@bertfit/core';
import type { Batch } from '@bertfit/data';
import { BertRuntime, type BertRuntimeOptions } from './bert-runtime.js';
import type { ParamStore } from './param-store.js';
import { ReplicaPool } from './replica-pool.js';

/** Σ w·nll and Σ w over the examples of an optimizer step (their gradient is in `into`). */
export interface GradientSums {
  lossSum: number;
  weightSum: number;
}

/** Which step's dropout masks, and under fp16 the backward's seed (lossScale / Σw of the whole step). */
export interface StepPosition {
  step: number;
  lossScale?: number;
}

export interface Replicas {
  /** Replicas (= devices) sharing each global micro-batch. */
  readonly count: number;
  /**
   * Overwrites `into` with d(Σ w·nll)/d params summed over the global micro-batches of one optimizer
   * step (`group[micro]`), each split across the replicas.
   */
  gradients(group: readonly Batch[], at: StepPosition, into: Float32Array): Promise<GradientSums>;
  /**
   * Logits of one batch without dropout (on replica 0). Replicas re-read the parameters at each step
   * and at the first evaluation after one; change `store` otherwise only through steps.
   */
  evaluate(store: ParamStore, batch: Batch): Promise<Float32Array>;
  release(): Promise<void>;
}

export interface ReplicaOptions {
  /** BertRuntime.create's options for every replica; each gets its own device from `devices`. */
  runtime: Omit<BertRuntimeOptions, 'device'>;
  devices: readonly string[];
  /** On a SharedArrayBuffer when there are several devices (ParamStore.create's `shared`). */
  store: ParamStore;
  classWeights: Float32Array;
}

/** One device: its runtime in this thread. */
class InProcessReplica implements Replicas {
  readonly count = 1;
  constructor(
    private readonly runtime: BertRuntime,
    private readonly store: ParamStore,
    private readonly classWeights: Float32Array,
  ) {}

  async gradients(group: readonly Batch[], at: StepPosition, into: Float32Array): Promise<GradientSums> {
    into.fill(0);
    let lossSum = 0;
    let weightSum = 0;
    for (const [micro, batch] of group.entries()) {
      const r = await this.runtime.trainMicroStep(this.store, batch, this.classWeights, { ...at, micro }, into);
      lossSum += r.lossSum;
      weightSum += r.weightSum;
    }
    return { lossSum, weightSum };
  }

  evaluate(store: ParamStore, batch: Batch): Promise<Float32Array> {
    return this.runtime.evaluate(store, batch);
  }

  release(): Promise<void> {
    return this.runtime.release();
  }
}

/**
 * One replica per entry of `devices`: in this thread for one, in worker threads for several. Without
 * a thread count, CPU replicas share the cores (ORT's default of one thread per core each would
 * oversubscribe them).
 */
export async function createReplicas(opts: ReplicaOptions): Promise<Replicas> {
  if (opts.devices.length === 0) throw new BertfitError('createReplicas: train.devices is empty; name at least one device');
  if (opts.devices.length === 1) {
    const runtime = await BertRuntime.create({ ...opts.runtime, device: opts.devices[0]! });
    return new InProcessReplica(runtime, opts.store, opts.classWeights);
  }
  const cpuReplicas = opts.devices.filter((d) => d === 'cpu').length;
  const threads = opts.runtime.threads ?? (cpuReplicas > 1 ? Math.max(1, Math.floor(availableParallelism() / cpuReplicas)) : undefined);
  return ReplicaPool.create({ ...opts, runtime: { ...opts.runtime, threads } });
}
