import { BertfitError } from '@bertfit/config';
import { readJsonFile } from '../atomic.js';

/** What `bertfit train --result <file>` writes when it ends (the fields the orchestrator uses). */
export interface TrainResult {
  status: 'completed' | 'stopped' | 'failed';
  runDir: string;
  bestCheckpoint: string | null;
  lastStep: number;
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

/**
 * Reads a train result. `metrics` is the contract's field; the trainer as built writes
 * `best: {step, metric}` instead, which is read as `{ [metricForBest]: metric }`.
 */
export function readTrainResult(path: string, metricForBest: string): TrainResult | null {
  const raw = readJsonFile(path);
  if (raw === null) return null;
  const r = raw as Partial<TrainResult> & { best?: { metric?: unknown } | null };
  if (r.status !== 'completed' && r.status !== 'stopped' && r.status !== 'failed') {
    throw new BertfitError(`train result ${path}: field status must be completed|stopped|failed, got ${JSON.stringify(r.status)}`);
  }
  if (typeof r.runDir !== 'string') throw new BertfitError(`train result ${path}: field runDir must be a string, got ${JSON.stringify(r.runDir)}`);
  return {
    status: r.status,
    runDir: r.runDir,
    bestCheckpoint: typeof r.bestCheckpoint === 'string' ? r.bestCheckpoint : null,
    lastStep: typeof r.lastStep === 'number' ? r.lastStep : 0,
    metrics:
      r.metrics !== undefined
        ? numbers(r.metrics, `train result ${path}: field metrics`)
        : typeof r.best?.metric === 'number'
          ? { [metricForBest]: r.best.metric }
          : {},
  };
}

export function readInferResult(path: string): InferResult | null {
  const raw = readJsonFile(path);
  return raw === null ? null : numbers(raw, `infer result ${path}`);
}
