import { fileURLToPath } from 'node:url';

/** Absolute path of the job runner that every executor starts (and SLURM uses as batch script). */
export const RUNNER_PATH = fileURLToPath(new URL('../../bin/job-runner.cjs', import.meta.url));
