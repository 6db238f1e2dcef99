// What the trainer's thread and a replica's worker thread say to each other. Parameters and the
// replica's gradient buffer are SharedArrayBuffers given once at start; requests carry only batch
// tensors, where they sit (step, micro-batch, first row), and whether to re-read the parameters.
import type { Batch } from '@bertfit/data';
import type { ParamSpec } from '../models/bert-params.js';
import type { BertRuntimeOptions } from './bert-runtime.js';

/** Given to a replica's worker at start. */
export interface ReplicaWorkerData {
  /** BertRuntime.create's options as the trainer built them, with this replica's device. */
  runtime: BertRuntimeOptions;
  specs: readonly ParamSpec[];
  /** The ParamStore's flat buffer (read-only for the replica, which copies it when asked). */
  params: SharedArrayBuffer;
  /** This replica's gradient sum, ParamStore layout (written by the replica only). */
  grads: SharedArrayBuffer;
  classWeights: Float32Array;
}

/** A replica's rows of one global micro-batch. */
export interface ShardWork {
  micro: number;
  row: number;
  batch: Batch;
}

/** `syncParams`: copy the shared parameters first (they changed since the replica last copied them). */
export type ReplicaRequest =
  | { type: 'gradients'; syncParams: true; step: number; lossScale?: number; shards: ShardWork[] }
  | { type: 'evaluate'; syncParams: boolean; batch: Batch };

/** 'gradients' answers with sums over the shards; their gradient sum is in the replica's `grads`. */
export type ReplicaReply = { type: 'gradients'; lossSum: number; weightSum: number } | { type: 'logits'; logits: Float32Array };
