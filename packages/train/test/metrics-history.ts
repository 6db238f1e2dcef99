import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// Timings, and the end event's record of the run's segments: they differ between otherwise equal runs.
const TIMING = new Set(['samples_per_second', 'runtime_s', 'wall_time_s', 'train_samples_per_second', 'run_wall_time_s', 'run_train_samples_per_second', 'resumed_at']);

/** A run's metrics.jsonl without timings, for comparing two runs event by event. */
export function metricsHistory(runDir: string): unknown[] {
  return readFileSync(join(runDir, 'logs', 'metrics.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => Object.fromEntries(Object.entries(JSON.parse(l) as Record<string, unknown>).filter(([k]) => !TIMING.has(k))));
}
