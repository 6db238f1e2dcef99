import { existsSync } from 'node:fs';
import { listCheckpoints, type CheckpointEntry } from '@bertfit/train';

/**
 * The complete checkpoints of a run dir, ascending by step, verified by @bertfit/train (manifest
 * step and file sizes): the orchestrator never keeps its own notion of "complete". The run dir
 * may not exist yet (the job has not started), which is no checkpoint rather than an error.
 */
export async function completeCheckpoints(runDir: string, onWarning: (message: string) => void): Promise<CheckpointEntry[]> {
  if (!existsSync(runDir)) return [];
  return listCheckpoints(runDir, { onWarning });
}

/** The newest complete checkpoint's folder, or null. */
export async function newestCheckpointDir(runDir: string, onWarning: (message: string) => void): Promise<string | null> {
  return (await completeCheckpoints(runDir, onWarning)).at(-1)?.dir ?? null;
}
