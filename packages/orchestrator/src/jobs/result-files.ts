import { BertfitError } from '@bertfit/core';
import { readJsonFile } from '../json-file.js';

/**
 * What `bertfit train --result <file>` writes when it ends (@bertfit/train's TrainResult: status,
 * reason, signal, runDir, bestCheckpoint, bestDir, lastStep, best, wallTimeS, trainSamplesPerSecond),
 * reduced to the fields the orchestrator uses. `metrics` is derived: `{ [metricForBest]: best.metric }`.
 */
export interface TrainResult {
  status: 'completed' | 'stopped' | 'failed';
  runDir: string;
  bestCheckpoint: string | null;
  lastStep: number;
  best: { step: number; metric: number } | null;
  metrics: Record<string, number>;
}

/** What `bertfit infer --json --result <file>` writes: metric names → numbers (accuracy, f1_macro, …, n, seconds). */
export type InferResult = Record<string, number>;

function numbers(value: unknown, where: string): Record<string, number> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new BertfitError(`${where}: expected an object of metrics, got ${JSON.stringify(value)}`);
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(value)) if (typeof v === 'number') out[k] = v;
  return out;
}

/** Reads a train result file; null when it does not exist; errors name the file and field. */
export function readTrainResult(path: string, metricForBest: string): TrainResult | null {
  const raw = readJsonFile(path);
  if (raw === null) return null;
  const r = raw as { status?: unknown; runDir?: unknown; bestCheckpoint?: unknown; lastStep?: unknown; best?: unknown };
  if (r.status !== 'completed' && r.status !== 'stopped' && r.status !== 'failed') {
    throw new BertfitError(`train result ${path}: field status must be completed|stopped|failed, got ${JSON.stringify(r.status)}`);
  }
  if (typeof r.runDir !== 'string') throw new BertfitError(`train result ${path}: field runDir must be a string, got ${JSON.stringify(r.runDir)}`);
  const b = r.best as { step?: unknown; metric?: unknown } | null | undefined;
  if (b !== null && (typeof b !== 'object' || typeof b.step !== 'number' || typeof b.metric !== 'number')) {
    throw new BertfitError(`train result ${path}: field best must be {step, metric} numbers or null, got ${JSON.stringify(r.best)}`);
  }
  const best = b === null ? null : { step: b.step as number, metric: b.metric as number };
  return {
    status: r.status,
    runDir: r.runDir,
    bestCheckpoint: typeof r.bestCheckpoint === 'string' ? r.bestCheckpoint : null,
    lastStep: typeof r.lastStep === 'number' ? r.lastStep : 0,
    best,
    metrics: best === null ? {} : { [metricForBest]: best.metric },
  };
}

export function readInferResult(path: string): InferResult | null {
  const raw = readJsonFile(path);
  return raw === null ? null : numbers(raw, `infer result ${path}`);
}
