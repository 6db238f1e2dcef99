import { writeJsonAtomic } from '../json-file.js';
import { jobFiles } from '../jobs/job-files.js';
import { topClaimGeneration } from '../jobs/job-claim.js';
import { procStart } from '../jobs/process-alive.js';
import { launchIntent } from '../records/job-records.js';
import { readRecord } from '../records/read-record.js';

/**
 * The local executor's durable note that it is about to spawn a runner for a job folder, written
 * (fsynced) before the spawn. An orchestrator killed between the spawn and the runner's claim leaves
 * this note and no newer claim: its successor then waits for that claim instead of concluding that
 * nothing was started and starting a second runner.
 */
export interface LaunchIntent {
  /** The folder's claim generation before this launch; the launched runner's claim is newer. */
  afterGeneration: number;
  by: { pid: number; procStart: string | null };
  at: string;
}

export function writeLaunchIntent(jobDir: string): LaunchIntent {
  const intent: LaunchIntent = { afterGeneration: topClaimGeneration(jobDir), by: { pid: process.pid, procStart: procStart(process.pid) }, at: new Date().toISOString() };
  writeJsonAtomic(jobFiles.launching(jobDir), intent);
  return intent;
}

/** The intent left in `jobDir`, or null; errors name a malformed file. */
export function readLaunchIntent(jobDir: string): LaunchIntent | null {
  const file = jobFiles.launching(jobDir);
  return readRecord(file, launchIntent, 'launch intent');
}
