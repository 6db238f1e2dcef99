import { join } from 'node:path';
import { duplicateNote } from '../records/job-records.js';
import { readRecord } from '../records/read-record.js';

/**
 * A SLURM job whose runner found the job folder already claimed by another live runner exits 0
 * (a duplicate is not a failure) and leaves `duplicate-<its SLURM job id>.json` naming the holder.
 * The job's handle then stands for the holder's SLURM job: its state is the holder's, so a caller
 * never reads "COMPLETED" while the real run is still going.
 */
export function duplicateHolderJobId(jobDir: string, slurmJobId: string): string | null {
  const holder = readRecord(join(jobDir, `duplicate-${slurmJobId}.json`), duplicateNote, 'duplicate-runner note')?.holder.slurmJobId ?? null;
  return holder !== null && holder !== slurmJobId ? holder : null;
}
