import { z } from 'zod';

/**
 * What `bertfit train --result <file>` writes when it ends (@bertfit/train's TrainResult), reduced
 * to the fields the orchestrator uses; the others (reason, signal, bestDir, timings) pass unread.
 */
export const trainResultRecord = z.object({
  status: z.enum(['completed', 'stopped', 'failed']),
  runDir: z.string(),
  bestCheckpoint: z.string().nullable().catch(null),
  lastStep: z.number().catch(0),
  // Required, null included: a result of the old shape (metrics, no best) is not read as "no best".
  best: z.object({ step: z.number(), metric: z.number() }).nullable(),
});

/** What `bertfit infer --json --result <file>` writes: metric names → numbers; other fields (split, …) are dropped. */
export const inferResultRecord = z
  .record(z.string(), z.unknown())
  .transform((r) => Object.fromEntries(Object.entries(r).filter((e): e is [string, number] => typeof e[1] === 'number')));
