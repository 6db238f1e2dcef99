import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '@bertfit/core';
import type { EarlyStoppingConfig, EarlyStoppingState } from '../trainer/early-stopping.js';
import { count, jsonObject, nonNegative } from './json-fields.js';
import { readJsonFile } from './read-json-file.js';

export const TRAINER_STATE_FILE = 'trainer_state.json';

/** One `log_history` entry as HF writes it: train logs carry loss/learning_rate/grad_norm, evals `eval_*`. */
export type LogHistoryEntry = { step: number; epoch: number } & Record<string, number | string | null>;

/** HF's TrainerState as serialised to `trainer_state.json` (field names are HF's, snake_case). */
export interface TrainerState {
  best_global_step: number | null;
  best_metric: number | null;
  best_model_checkpoint: string | null;
  epoch: number;
  eval_steps: number;
  global_step: number;
  is_hyper_param_search: boolean;
  is_local_process_zero: boolean;
  is_world_process_zero: boolean;
  log_history: LogHistoryEntry[];
  logging_steps: number;
  max_steps: number;
  num_input_tokens_seen: number;
  num_train_epochs: number;
  save_steps: number;
  /** HF keeps EarlyStoppingCallback's patience counter here; so do we, so that a resume does not reset it. */
  stateful_callbacks: Record<string, { args: Record<string, unknown>; attributes: Record<string, unknown> }>;
  total_flos: number;
  train_batch_size: number;
  trial_name: string | null;
  trial_params: Record<string, unknown> | null;
}

/** The settings a fresh state starts from; `train_batch_size` is per device, as in HF. */
export interface TrainerStateInit {
  max_steps: number;
  num_train_epochs: number;
  logging_steps: number;
  eval_steps: number;
  save_steps: number;
  train_batch_size: number;
}

export function newTrainerState(init: TrainerStateInit): TrainerState {
  return {
    best_global_step: null,
    best_metric: null,
    best_model_checkpoint: null,
    epoch: 0,
    eval_steps: init.eval_steps,
    global_step: 0,
    is_hyper_param_search: false,
    is_local_process_zero: true,
    is_world_process_zero: true,
    log_history: [],
    logging_steps: init.logging_steps,
    max_steps: init.max_steps,
    num_input_tokens_seen: 0,
    num_train_epochs: init.num_train_epochs,
    save_steps: init.save_steps,
    stateful_callbacks: {},
    total_flos: 0,
    train_batch_size: init.train_batch_size,
    trial_name: null,
    trial_params: null,
  };
}

/** Stores the early-stopping state in HF's places: best_metric, best_global_step and the callback's counter. */
export function withEarlyStopping(state: TrainerState, cfg: EarlyStoppingConfig, es: EarlyStoppingState): TrainerState {
  return {
    ...state,
    best_metric: es.bestMetric,
    best_global_step: es.bestStep,
    stateful_callbacks: {
      ...state.stateful_callbacks,
      EarlyStoppingCallback: {
        args: { early_stopping_patience: cfg.patience, early_stopping_threshold: cfg.threshold },
        attributes: { early_stopping_patience_counter: es.badEvals },
      },
    },
  };
}

/** The early-stopping state a resumed run continues from. */
export function earlyStoppingFromTrainerState(state: TrainerState): EarlyStoppingState {
  const counter = state.stateful_callbacks.EarlyStoppingCallback?.attributes.early_stopping_patience_counter;
  return {
    bestMetric: state.best_metric,
    bestStep: state.best_global_step,
    badEvals: typeof counter === 'number' ? counter : 0,
  };
}

export async function writeTrainerState(dir: string, state: TrainerState): Promise<void> {
  await writeFileAtomic(join(dir, TRAINER_STATE_FILE), `${JSON.stringify(state, null, 2)}\n`);
}

const logHistoryEntrySchema = z.object({ step: count, epoch: nonNegative }).catchall(z.union([z.number(), z.string(), z.null()], { error: 'a number, a string or null' }));

const callbackStateSchema = z.object({ args: jsonObject.default({}), attributes: jsonObject.default({}) });

/**
 * trainer_state.json as read back. Fields our loop relies on are required; the rest get the fresh
 * state's values when absent, because older transformers versions did not write them and a foreign
 * checkpoint should load rather than be refused. Unknown fields are kept (HF adds some over time).
 */
const trainerStateSchema: z.ZodType<TrainerState> = z.looseObject({
  best_global_step: count.nullable().default(null),
  best_metric: z.number({ error: 'a number or null' }).nullable(),
  best_model_checkpoint: z.string({ error: 'a string or null' }).nullable(),
  epoch: nonNegative,
  eval_steps: count,
  global_step: count,
  is_hyper_param_search: z.boolean().default(false),
  is_local_process_zero: z.boolean().default(true),
  is_world_process_zero: z.boolean().default(true),
  log_history: z.array(logHistoryEntrySchema),
  logging_steps: count,
  max_steps: count,
  num_input_tokens_seen: nonNegative.default(0),
  num_train_epochs: nonNegative,
  save_steps: count,
  stateful_callbacks: z
    .looseObject({
      // The one callback state a resume reads back: its patience counter must be a count.
      EarlyStoppingCallback: callbackStateSchema.extend({ attributes: z.looseObject({ early_stopping_patience_counter: count.optional() }) }).optional(),
    })
    .catchall(callbackStateSchema)
    .default({}),
  total_flos: nonNegative.default(0),
  train_batch_size: count,
  trial_name: z.string().nullable().default(null),
  trial_params: jsonObject.nullable().default(null),
});

/** Reads and checks `trainer_state.json`; errors name the file, the field and its value. */
export async function readTrainerState(dir: string): Promise<TrainerState> {
  return readJsonFile(join(dir, TRAINER_STATE_FILE), trainerStateSchema);
}
