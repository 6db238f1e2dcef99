import { dirname } from 'node:path';
import type { JobHandle } from '../jobs/executor.js';
import type { JobState } from '../jobs/job-state.js';

/**
 * Where a trial is. `submitting` is written before sbatch, so a crash mid-submission is re-attached,
 * not resubmitted. `cancelled`: its job was cancelled outside the orchestrator (a user's scancel),
 * which is a decision, not a failure, so it is never retried.
 */
export type TrialState = 'pending' | 'submitting' | 'submitted' | 'completed' | 'failed' | 'cancelled';

/** One ledger record per trial, rewritten atomically at every transition. */
export interface TrialRecord {
  index: number;
  /** Human name of the trial (may hold any characters; not used in paths or SLURM fields). */
  name: string;
  overrides: Record<string, unknown>;
  state: TrialState;
  /** Attempts counted against maxAttempts (an attempt lost to PREEMPTED/NODE_FAIL is refunded). */
  attempts: number;
  requeues: number;
  /** The current submission: where its job lives and how to find it again. */
  submission: { attempt: number; jobDir: string; arrayName: string; arrayIndex: number; runDir: string; resultFile: string; configFile: string } | null;
  job: JobHandle | null;
  /** The run dir of its latest attempt, kept after the job ends (the leaderboard names it, failed trials too). Absent in older ledgers. */
  runDir?: string | null;
  /** Checkpoint the next attempt resumes from (set on requeue). */
  resumeFrom: string | null;
  lastJobState: JobState | null;
  metrics: Record<string, number> | null;
  bestCheckpoint: string | null;
  error: string | null;
  history: { at: string; event: string }[];
}

export function newTrialRecord(index: number, name: string, overrides: Record<string, unknown>): TrialRecord {
  return {
    index,
    name,
    overrides,
    state: 'pending',
    attempts: 0,
    requeues: 0,
    submission: null,
    job: null,
    runDir: null,
    resumeFrom: null,
    lastJobState: null,
    metrics: null,
    bestCheckpoint: null,
    error: null,
    history: [],
  };
}

export function isTrialDone(r: TrialRecord): boolean {
  return r.state === 'completed' || r.state === 'failed' || r.state === 'cancelled';
}

/** The trial's run dir: its submission's while one is open, else its latest attempt's, else the folder of its best checkpoint (`<runDir>/checkpoint-N`). */
export function trialRunDir(r: TrialRecord): string | null {
  return r.submission?.runDir ?? r.runDir ?? (r.bestCheckpoint ? dirname(r.bestCheckpoint) : null);
}
