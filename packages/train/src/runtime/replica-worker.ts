// A data-parallel replica's worker thread: one BertRuntime on its device, reading the trainer's
// parameters from shared memory and summing its shards' gradients into its shared gradient buffer.
// onnxruntime-node 1.30 rejects tensors over a SharedArrayBuffer ("Invalid argument", replicas.test.ts),
// so the replica feeds a private copy of the parameters, refreshed by one memcpy per optimizer step.
import { workerData } from 'node:worker_threads';
import { BertRuntime } from './bert-runtime.js';
import { ParamStore } from './param-store.js';
import type { ReplicaReply, ReplicaRequest, ReplicaWorkerData } from './replica-protocol.js';
import { serveRequests, type Answer } from './worker-channel.js';

interface Replica {
  runtime: BertRuntime;
  /** The trainer's parameters (shared memory, updated by its optimizer between requests). */
  shared: Float32Array;
  /** This replica's copy, fed to onnxruntime. */
  store: ParamStore;
  grads: Float32Array;
  classWeights: Float32Array;
}

async function setup(): Promise<Replica> {
  const data = workerData as ReplicaWorkerData;
  return {
    runtime: await BertRuntime.create(data.runtime),
    shared: new Float32Array(data.params),
    store: ParamStore.create(data.specs),
    grads: new Float32Array(data.grads),
    classWeights: data.classWeights,
  };
}

async function handle(r: Replica, req: ReplicaRequest): Promise<Answer<ReplicaReply>> {
  if (req.syncParams) r.store.flat.set(r.shared);
  if (req.type === 'evaluate') {
    const logits = Float32Array.from(await r.runtime.evaluate(r.store, req.batch));
    return { value: { type: 'logits', logits }, transfer: [logits.buffer] };
  }
  r.grads.fill(0);
  let lossSum = 0;
  let weightSum = 0;
  for (const { micro, row, batch } of req.shards) {
    const out = await r.runtime.trainMicroStep(
      r.store,
      batch,
      r.classWeights,
      { step: req.step, micro, row, ...(req.lossScale === undefined ? {} : { lossScale: req.lossScale }) },
      r.grads,
    );
    lossSum += out.lossSum;
    weightSum += out.weightSum;
  }
  return { value: { type: 'gradients', lossSum, weightSum } };
}

await serveRequests(setup, handle, (r) => r.runtime.release());
