import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { TrialRecord } from './trial-record.js';

/**
 * Paths in ledger records are stored relative to the sweep folder, so a sweep moved or copied
 * elsewhere (another mount, an archive) still resumes and reports. A path outside the sweep folder
 * stays absolute, and so does every path of a ledger written before this (read as it is).
 */
function toStored(sweepDir: string, path: string): string {
  const rel = relative(sweepDir, path);
  return rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel) ? path : rel;
}

function toAbsolute(sweepDir: string, path: string): string {
  return isAbsolute(path) ? path : resolve(sweepDir, path);
}

/** Applies `f` to every path field of a record (the submission's files, the job folder, checkpoints). */
function mapPaths(rec: TrialRecord, f: (path: string) => string): TrialRecord {
  const opt = (p: string | null): string | null => (p === null ? null : f(p));
  const sub = rec.submission;
  return {
    ...rec,
    submission: sub && { ...sub, jobDir: f(sub.jobDir), runDir: f(sub.runDir), resultFile: f(sub.resultFile), configFile: f(sub.configFile) },
    job: rec.job && { ...rec.job, jobDir: f(rec.job.jobDir) },
    runDir: opt(rec.runDir ?? null),
    resumeFrom: opt(rec.resumeFrom),
    bestCheckpoint: opt(rec.bestCheckpoint),
  };
}

export function recordForDisk(rec: TrialRecord, sweepDir: string): TrialRecord {
  return mapPaths(rec, (p) => toStored(sweepDir, p));
}

export function recordFromDisk(rec: TrialRecord, sweepDir: string): TrialRecord {
  return mapPaths(rec, (p) => toAbsolute(sweepDir, p));
}
