import { existsSync, readdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { claimRecord } from '../records/job-records.js';
import { readRecord } from '../records/read-record.js';
import { isSameProcessAlive } from './process-alive.js';

/**
 * The job runner's claim on its job folder (bin/job-runner.cjs writes it): `claim-<generation>.json`
 * files that appear whole (link() of a finished tmp file); the highest generation is the current
 * claim. A runner removes its claim (and the older, superseded ones) once its exit.json is written,
 * so a finished job folder holds no claim: exit.json and started.json describe it. At most one
 * runner holds a folder: a second one finds the live holder and exits with DUPLICATE_RUNNER_EXIT
 * without touching the job.
 */
export interface ClaimRecord {
  generation: number;
  pid: number;
  /** /proc start time of the holder, so a reused pid is not taken for it. */
  procStart: string | null;
  host: string;
  slurmJobId: string | null;
  claimedAt: string;
}

export type ClaimState =
  | { kind: 'none' }
  | { kind: 'live'; claim: ClaimRecord }
  /** The holder is gone; its exit.json says how it ended, if it got to write one. */
  | { kind: 'stale'; claim: ClaimRecord };

/**
 * Exit status of a duplicate runner outside SLURM (EX_TEMPFAIL); the runner uses the same number.
 * Under SLURM a duplicate exits 0 (src/slurm/duplicate-runner.ts), so its job is not FAILED.
 */
export const DUPLICATE_RUNNER_EXIT = 75;

export function claimFile(jobDir: string, generation: number): string {
  return join(jobDir, `claim-${generation}.json`);
}

/** The current claim's generation, -1 when the folder holds none (or does not exist). */
export function topClaimGeneration(jobDir: string): number {
  if (!existsSync(jobDir)) return -1;
  let top = -1;
  for (const name of readdirSync(jobDir)) {
    const m = /^claim-(\d+)\.json$/.exec(name);
    if (m && Number(m[1]) > top) top = Number(m[1]);
  }
  return top;
}

/** The folder's current claim and whether its holder still runs; errors name a malformed claim file. */
export function readClaim(jobDir: string): ClaimState {
  const generation = topClaimGeneration(jobDir);
  if (generation < 0) return { kind: 'none' };
  const file = claimFile(jobDir, generation);
  const raw = readRecord(file, claimRecord, 'job claim');
  if (raw === null) return readClaim(jobDir); // removed by hand between the listing and the read: look again
  const claim: ClaimRecord = { ...raw, generation };
  return isClaimHolderAlive(claim) ? { kind: 'live', claim } : { kind: 'stale', claim };
}

/** Whether the holder still runs; a claim from another machine cannot be checked and counts as live. */
export function isClaimHolderAlive(claim: ClaimRecord): boolean {
  return claim.host !== hostname() || isSameProcessAlive(claim.pid, claim.procStart);
}
