import { z } from 'zod';
import type { AutoJournal } from '../auto/auto-journal.js';
import type { AutoAction, AutoState, AutoStopReason } from '../auto/auto-machine.js';

const split = z.enum(['validation', 'test']);
const metrics = z.record(z.string(), z.number());

const stopReason: z.ZodType<AutoStopReason> = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('target'), step: z.number(), value: z.number() }),
  z.object({ kind: z.literal('drop'), step: z.number(), value: z.number(), previous: z.number(), consecutive: z.number() }),
  z.object({ kind: z.literal('exhausted'), trainingOk: z.boolean(), detail: z.string() }),
]);

const autoState: z.ZodType<AutoState> = z.object({
  settings: z.object({ metric: z.string(), target: z.number().nullable(), dropPatience: z.number().int().min(1), selectOn: split, greaterIsBetter: z.boolean() }),
  queue: z.array(z.number()),
  inFlight: z.number().nullable(),
  evaluated: z.array(z.object({ step: z.number(), value: z.number().nullable(), metrics: metrics.nullable(), error: z.string().nullable() })),
  best: z.object({ step: z.number(), value: z.number() }).nullable(),
  consecutiveDrops: z.number().int(),
  training: z.discriminatedUnion('state', [z.object({ state: z.literal('running') }), z.object({ state: z.literal('ended'), ok: z.boolean(), detail: z.string() })]),
  stop: stopReason.nullable(),
});

const autoAction: z.ZodType<AutoAction> = z.discriminatedUnion('type', [
  z.object({ type: z.literal('evaluate'), step: z.number(), split }),
  z.object({ type: z.literal('backupBest'), step: z.number() }),
  z.object({ type: z.literal('cancelTraining') }),
  z.object({ type: z.literal('cancelEvaluation'), step: z.number() }),
  z.object({ type: z.literal('scoreTest'), step: z.number() }),
  z.object({ type: z.literal('finish'), reason: stopReason }),
]);

/** auto-state.json, the auto-evaluator's journal. */
export const autoJournal: z.ZodType<AutoJournal> = z.object({
  format: z.literal('bertfit-auto/1'),
  machine: autoState,
  pending: z.array(autoAction),
  evaluation: z.object({ step: z.number(), split }).nullable(),
  trainEnded: z.boolean(),
  test: metrics.nullable(),
});
