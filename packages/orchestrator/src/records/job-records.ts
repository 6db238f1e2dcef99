import { z } from 'zod';
import type { ClaimRecord } from '../jobs/job-claim.js';
import type { ExitRecord, StartedRecord } from '../jobs/job-files.js';
import type { JobState } from '../jobs/job-state.js';
import type { JobHandle } from '../jobs/executor.js';
import type { LaunchIntent } from '../local/launch-intent.js';

/** started.json: written by the job runner when the job's program starts. */
export const startedRecord: z.ZodType<StartedRecord> = z.object({
  pid: z.number().int(),
  procStart: z.string().nullable(),
  slurmJobId: z.string().nullable(),
  startedAt: z.string(),
});

/** exit.json: written by the job runner when the program ends. */
export const exitRecord: z.ZodType<ExitRecord> = z.object({
  exitCode: z.number().int().nullable(),
  signal: z.string().nullable(),
  error: z.string().nullable(),
  finishedAt: z.string(),
});

/** claim-<generation>.json, without the generation (its file name says it); older runners left some fields out. */
export const claimRecord: z.ZodType<Omit<ClaimRecord, 'generation'>> = z.object({
  pid: z.number().int(),
  procStart: z.string().nullable().default(null),
  host: z.string(),
  slurmJobId: z.string().nullable().default(null),
  claimedAt: z.string().default(''),
});

/** launching.json: the local executor's note that it is about to spawn a runner. */
export const launchIntent: z.ZodType<LaunchIntent> = z.object({
  afterGeneration: z.number().int(),
  by: z.object({ pid: z.number().int(), procStart: z.string().nullable() }),
  at: z.string(),
});

/** spec.json as far as adopting a running job compares it: its program and working folder. */
export const jobSpecRecord = z.object({ argv: z.array(z.string()), cwd: z.string() });

/** duplicate-<id>.json: a duplicate runner's note of the live holder it found. */
export const duplicateNote = z.object({ holder: z.object({ slurmJobId: z.string().nullable() }) });

export const jobHandle: z.ZodType<JobHandle> = z.object({ executor: z.enum(['local', 'slurm']), id: z.string(), jobDir: z.string() });

export const jobState: z.ZodType<JobState> = z.discriminatedUnion('state', [
  z.object({ state: z.literal('PENDING'), reason: z.string() }),
  z.object({ state: z.literal('RUNNING') }),
  z.object({ state: z.literal('COMPLETED') }),
  z.object({ state: z.literal('FAILED'), exitCode: z.number(), signal: z.number(), reason: z.string() }),
  z.object({ state: z.literal('TIMEOUT') }),
  z.object({ state: z.literal('CANCELLED') }),
  z.object({ state: z.literal('PREEMPTED') }),
  z.object({ state: z.literal('NODE_FAIL') }),
  z.object({ state: z.literal('OUT_OF_MEMORY') }),
  z.object({ state: z.literal('UNKNOWN'), detail: z.string() }),
]);
