import { join } from 'node:path';

/**
 * The one place that knows how a checkpoint folder is named: `checkpoint-<step>` (HF's name, so HF
 * tools and `--resume` paths work unchanged). Everything else builds and parses names through here.
 */
const CHECKPOINT_PREFIX = 'checkpoint-';
const CHECKPOINT_NAME = /^checkpoint-(\d+)$/;

/** `checkpoint-<step>`, the folder name of a checkpoint. */
export function checkpointDirName(step: number): string {
  return `${CHECKPOINT_PREFIX}${step}`;
}

/** `<runDir>/checkpoint-<step>`, where a run's checkpoint of that step lives. */
export function checkpointDir(runDir: string, step: number): string {
  return join(runDir, checkpointDirName(step));
}

/** The step of a `checkpoint-<step>` folder name (a base name, not a path), or null for any other name. */
export function checkpointStep(name: string): number | null {
  const match = CHECKPOINT_NAME.exec(name);
  if (match === null) return null;
  const step = Number(match[1]);
  // A name like checkpoint-99999999999999999999 is not one we wrote; its step would be rounded.
  return Number.isSafeInteger(step) ? step : null;
}
