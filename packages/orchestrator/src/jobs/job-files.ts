import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { writeJsonAtomic } from '../json-file.js';
import { exitRecord, startedRecord } from '../records/job-records.js';
import { readRecord } from '../records/read-record.js';
import type { JobState } from './job-state.js';

/** The files the job runner (bin/job-runner.cjs) and the executors share inside a job's folder. */
export const jobFiles = {
  spec: (jobDir: string) => join(jobDir, 'spec.json'),
  started: (jobDir: string) => join(jobDir, 'started.json'),
  exit: (jobDir: string) => join(jobDir, 'exit.json'),
  cancelled: (jobDir: string) => join(jobDir, 'cancelled.json'),
  /** Local executor only: written before the runner is spawned (src/local/launch-intent.ts). */
  launching: (jobDir: string) => join(jobDir, 'launching.json'),
  runnerLog: (jobDir: string) => join(jobDir, 'runner.log'),
  stdout: (jobDir: string) => join(jobDir, 'stdout.log'),
  stderr: (jobDir: string) => join(jobDir, 'stderr.log'),
};

export interface StartedRecord {
  pid: number;
  /** /proc/<pid>/stat start time, to tell a live runner from a reused pid. */
  procStart: string | null;
  slurmJobId: string | null;
  startedAt: string;
}

export interface ExitRecord {
  exitCode: number | null;
  signal: string | null;
  error: string | null;
  finishedAt: string;
}

export function readStarted(jobDir: string): StartedRecord | null {
  return readRecord(jobFiles.started(jobDir), startedRecord, 'job record');
}

export function readExit(jobDir: string): ExitRecord | null {
  return readRecord(jobFiles.exit(jobDir), exitRecord, 'job record');
}

/**
 * The executor's own record that it cancelled the job, written before it signals: a CANCELLED job
 * without it was cancelled by someone else (a user's scancel), which callers treat as a decision.
 */
export function recordCancel(jobDir: string): void {
  writeJsonAtomic(jobFiles.cancelled(jobDir), { cancelledAt: new Date().toISOString() });
}

export function cancelledByExecutor(jobDir: string): boolean {
  return existsSync(jobFiles.cancelled(jobDir));
}

/** The state the runner's own exit record implies (used when the scheduler no longer knows). */
export function stateFromExitRecord(jobDir: string): JobState | null {
  const exit = readExit(jobDir);
  if (exit === null) return null;
  if (cancelledByExecutor(jobDir)) return { state: 'CANCELLED' };
  if (exit.exitCode === 0) return { state: 'COMPLETED' };
  const signal = exit.signal ? (SIGNALS[exit.signal] ?? 0) : 0;
  return {
    state: 'FAILED',
    exitCode: exit.exitCode ?? 0,
    signal,
    reason: exit.error ?? (exit.signal ? `killed by ${exit.signal}` : 'NonZeroExitCode'),
  };
}

const SIGNALS: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGSEGV: 11, SIGTERM: 15, SIGABRT: 6 };
