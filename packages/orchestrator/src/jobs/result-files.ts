import { readRecord } from '../records/read-record.js';
import { inferResultRecord, trainResultRecord } from '../records/result-records.js';

/**
 * What `bertfit train --result <file>` writes when it ends (@bertfit/train's TrainResult: status,
 * reason, signal, runDir, bestCheckpoint, bestDir, lastStep, best, wallTimeS, trainSamplesPerSecond),
 * reduced to the fields the orchestrator uses. `metrics` is derived: `{ [metricForBest]: best.metric }`.
 */
export interface TrainOutcome {
  status: 'completed' | 'stopped' | 'failed';
  runDir: string;
  bestCheckpoint: string | null;
  lastStep: number;
  best: { step: number; metric: number } | null;
  metrics: Record<string, number>;
}

/** What `bertfit infer --json --result <file>` writes: metric names → numbers (accuracy, f1_macro, …, n, seconds). */
export type InferScores = Record<string, number>;

/** Reads a train result file; null when it does not exist; errors name the file, the field and its value. */
export function readTrainResult(path: string, metricForBest: string): TrainOutcome | null {
  const r = readRecord(path, trainResultRecord, 'train result');
  return r === null ? null : { ...r, metrics: r.best === null ? {} : { [metricForBest]: r.best.metric } };
}

export function readInferResult(path: string): InferScores | null {
  return readRecord(path, inferResultRecord, 'infer result');
}
