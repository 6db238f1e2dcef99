import { z } from 'zod';
import { count, nonNegative } from './json-fields.js';
import type { MetricsEvent } from './metrics-log.js';

/** Why training ended: the one list, for the end event's type and its schema. */
export const TRAIN_STOP_REASONS = ['max_steps', 'epochs', 'early_stopping', 'signal'] as const;
export type TrainStopReason = (typeof TRAIN_STOP_REASONS)[number];

const metric = z.number();

const classScoresSchema = z.object({ label: z.string(), precision: metric, recall: metric, f1: metric, support: count });

// Loose objects: a log written by a newer version with an extra field still reads.
const trainEventSchema = z.looseObject({
  type: z.literal('train'),
  step: count,
  epoch: nonNegative,
  loss: metric,
  lr: metric,
  // JSON has no Infinity: an fp16 overflow's non-finite norm is written, and read back, as null.
  grad_norm: metric.nullable(),
  samples_per_second: metric.optional(),
  loss_scale: metric.optional(),
  skipped_steps: count.optional(),
});

const evalEventSchema = z.looseObject({
  type: z.literal('eval'),
  step: count,
  epoch: nonNegative,
  runtime_s: metric.optional(),
  samples_per_second: metric.optional(),
  loss: metric,
  accuracy: metric,
  precision_macro: metric,
  recall_macro: metric,
  f1_macro: metric,
  f1_weighted: metric,
  n: count.optional(),
  precision_weighted: metric.optional(),
  recall_weighted: metric.optional(),
  per_class: z.array(classScoresSchema).optional(),
  confusion_matrix: z.array(z.array(count)).optional(),
});

const endEventSchema = z.looseObject({
  type: z.literal('end'),
  step: count,
  epoch: nonNegative,
  reason: z.enum(TRAIN_STOP_REASONS),
  wall_time_s: metric,
  train_samples_per_second: metric,
  run_wall_time_s: metric.optional(),
  run_train_samples_per_second: metric.optional(),
  resumed_at: z.array(count).optional(),
  best_step: count.nullable(),
  best_metric: z.number().nullable(),
});

/** One line of metrics.jsonl; the annotation makes the compiler hold the schemas to the event types. */
export const metricsEventSchema: z.ZodType<MetricsEvent> = z.discriminatedUnion('type', [trainEventSchema, evalEventSchema, endEventSchema], { error: '"train", "eval" or "end"' });
