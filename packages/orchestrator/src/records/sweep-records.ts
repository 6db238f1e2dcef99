import { z } from 'zod';
import type { BowBaselineResult } from '../report/bow-baseline.js';
import type { LeaderboardRow } from '../sweep/leaderboard.js';
import type { SweepMeta } from '../sweep/sweep-context.js';
import type { TrialRecord } from '../sweep/trial-record.js';
import { jobHandle, jobState } from './job-records.js';

const trialState = z.enum(['pending', 'submitting', 'submitted', 'completed', 'failed', 'cancelled']);
const metrics = z.record(z.string(), z.number());

/** One ledger file (`ledger/trial-NNNN.json`); fields added later are optional, so older ledgers still resume. */
export const trialRecord: z.ZodType<TrialRecord> = z.object({
  index: z.number().int(),
  name: z.string(),
  overrides: z.record(z.string(), z.unknown()),
  state: trialState,
  attempts: z.number().int(),
  requeues: z.number().int(),
  submission: z
    .object({
      attempt: z.number().int(),
      jobDir: z.string(),
      arrayName: z.string(),
      arrayIndex: z.number().int(),
      runDir: z.string(),
      resultFile: z.string(),
      configFile: z.string(),
    })
    .nullable(),
  job: jobHandle.nullable(),
  runDir: z.string().nullable().optional(),
  resumeFrom: z.string().nullable(),
  lastJobState: jobState.nullable(),
  metrics: metrics.nullable(),
  bestCheckpoint: z.string().nullable(),
  error: z.string().nullable(),
  history: z.array(z.object({ at: z.string(), event: z.string() })),
});

/** sweep.json: the plan and the batch counter. */
export const sweepMeta: z.ZodType<SweepMeta> = z.object({
  sweepId: z.string(),
  plans: z.array(z.object({ index: z.number().int(), overrides: z.record(z.string(), z.unknown()) })),
  nextBatch: z.number().int().min(0),
});

const leaderboardRow: z.ZodType<LeaderboardRow> = z.object({
  rank: z.number().int().nullable(),
  index: z.number().int(),
  name: z.string(),
  overrides: z.record(z.string(), z.unknown()),
  state: trialState,
  value: z.number().nullable(),
  metrics: metrics.nullable(),
  attempts: z.number().int(),
  requeues: z.number().int(),
  error: z.string().nullable(),
  runDir: z.string().nullable().optional(),
  bestCheckpoint: z.string().nullable().optional(),
});

/** leaderboard.json as the sweep report reads it: the metric and the ranked rows. */
export const leaderboardFile = z.object({ metric: z.string(), rows: z.array(leaderboardRow) });

/** bow-baseline.json: the bag-of-words baseline's scores. */
export const bowBaseline: z.ZodType<BowBaselineResult> = z.object({ accuracy: z.number(), f1_macro: z.number(), vocabulary: z.number().int() });
