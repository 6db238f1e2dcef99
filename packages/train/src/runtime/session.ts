import { BertfitError, errorMessage } from '@bertfit/core';
import * as ort from 'onnxruntime-node';
import type { Graph } from '../graph/graph.js';
import { toOnnxBytes } from '../onnx/model.js';
import type { Device } from './device.js';
import { formatDevice } from './device.js';
import { cudaLoadHint, requireDeviceSupport } from './device-support.js';

export type OptimizationLevel = 'disabled' | 'basic' | 'extended' | 'all';

export interface SessionOptions {
  device: Device;
  /** Intra-op threads (ORT's default when omitted: one per core). */
  threads?: number;
  /** Measured on bert-mini/base steps: see bench/README.md. */
  optimization?: OptimizationLevel;
  /** Spin-waiting threads; off by default because the machine is shared (spinning collapses 2-thread runs). */
  allowSpinning?: boolean;
  /** Dump the optimised graph here (debugging). */
  optimizedModelPath?: string;
  /** ORT's CPU memory arena (default on): off returns activation memory to malloc after each run. */
  memArena?: boolean;
  /** ORT's memory-pattern planner (default on). */
  memPattern?: boolean;
  /** Write an ORT per-node profile with this file prefix (debugging, bench/profile-step.ts). */
  profilePrefix?: string;
}

/** Compiles a graph into an onnxruntime-node session on the requested device. */
export async function createSession(g: Graph, opts: SessionOptions): Promise<ort.InferenceSession> {
  return createSessionFromBytes(toOnnxBytes(g), `graph '${g.name}'`, opts);
}

/**
 * onnxruntime's session options for `opts` (plain data: worker threads receive them as they are).
 * Every session's options come from here, so a device this machine cannot run fails here, before ORT.
 */
export function ortSessionOptions(opts: SessionOptions): ort.InferenceSession.SessionOptions {
  requireDeviceSupport([opts.device], 'an onnxruntime session');
  return {
    executionProviders: [opts.device.kind === 'cpu' ? 'cpu' : { name: 'cuda', deviceId: opts.device.index }],
    graphOptimizationLevel: opts.optimization ?? 'all',
    extra: { session: { 'intra_op.allow_spinning': opts.allowSpinning ? '1' : '0' } },
    ...(opts.threads === undefined ? {} : { intraOpNumThreads: opts.threads, interOpNumThreads: 1 }),
    ...(opts.optimizedModelPath === undefined ? {} : { optimizedModelFilePath: opts.optimizedModelPath }),
    ...(opts.memArena === undefined ? {} : { enableCpuMemArena: opts.memArena }),
    ...(opts.memPattern === undefined ? {} : { enableMemPattern: opts.memPattern }),
    ...(opts.profilePrefix === undefined ? {} : { enableProfiling: true, profileFilePrefix: opts.profilePrefix }),
  };
}

/** The error for a session that could not be created (`what` names the model). */
export function sessionCreateError(what: string, device: Device, err: unknown): BertfitError {
  const hint = device.kind === 'cuda' ? ` (${cudaLoadHint()})` : '';
  return new BertfitError(`creating an onnxruntime session for ${what} on ${formatDevice(device)} failed${hint}: ${errorMessage(err)}`, { cause: err });
}

/** Opens ONNX model bytes (ours, quantized, or any exported model); `what` names it in errors. */
export async function createSessionFromBytes(bytes: Uint8Array, what: string, opts: SessionOptions): Promise<ort.InferenceSession> {
  const options = ortSessionOptions(opts);
  try {
    return await ort.InferenceSession.create(bytes, options);
  } catch (err) {
    throw sessionCreateError(what, opts.device, err);
  }
}
