import { join } from 'node:path';
import { readJsonFile } from '../json-file.js';

/**
 * A SLURM job whose runner found the job folder already claimed by another live runner exits 0
 * (a duplicate is not a failure) and leaves `duplicate-<its SLURM job id>.json` naming the holder.
 * The job's handle then stands for the holder's SLURM job: its state is the holder's, so a caller
 * never reads "COMPLETED" while the real run is still going.
 */
export function duplicateHolderJobId(jobDir: string, slurmJobId: string): string | null {
  const note = readJsonFile(join(jobDir, `duplicate-${slurmJobId}.json`)) as { holder?: { slurmJobId?: unknown } } | null;
  const holder = note?.holder?.slurmJobId;
  return typeof holder === 'string' && holder !== slurmJobId ? holder : null;
}
