import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BertfitError, errorMessage, writeFileAtomic } from '@bertfit/core';
import type { EarlyStoppingConfig, EarlyStoppingState } from './early-stopping.js';

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

/** Reads and checks `trainer_state.json`; errors name the file and the field. */
export async function readTrainerState(dir: string): Promise<TrainerState> {
  const path = join(dir, TRAINER_STATE_FILE);
  const raw = await readJson(path);
  const check = fieldChecker(path, raw);
  for (const f of ['global_step', 'max_steps', 'logging_steps', 'eval_steps', 'save_steps', 'train_batch_size'] as const) check(f, isCount, 'a non-negative integer');
  check('epoch', isNonNegative, 'a non-negative number');
  check('num_train_epochs', isNonNegative, 'a non-negative number');
  check('best_metric', (v) => v === null || typeof v === 'number', 'a number or null');
  check('best_model_checkpoint', (v) => v === null || typeof v === 'string', 'a string or null');
  check('log_history', (v) => Array.isArray(v) && v.every((e) => typeof e === 'object' && e !== null && isCount((e as { step?: unknown }).step)), 'an array of entries with a step');
  const state = raw as Partial<TrainerState>;
  // Older HF files lack these; fill them rather than refuse a foreign checkpoint.
  return { ...newTrainerState(state as TrainerStateInit), ...state, best_global_step: state.best_global_step ?? null, stateful_callbacks: state.stateful_callbacks ?? {} } as TrainerState;
}

export async function readJson(path: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new BertfitError(`cannot read ${path}: ${errorMessage(err)}`, { cause: err });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new BertfitError(`${path} is not valid JSON: ${errorMessage(err)}`, { cause: err });
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new BertfitError(`${path} must hold a JSON object, got ${JSON.stringify(raw).slice(0, 80)}`);
  }
  return raw as Record<string, unknown>;
}

/** Returns a checker that throws "<file>: field <name> must be <what>, got <value>". */
export function fieldChecker(path: string, raw: Record<string, unknown>) {
  return (field: string, ok: (v: unknown) => boolean, what: string): void => {
    if (!ok(raw[field])) throw new BertfitError(`${path}: field ${field} must be ${what}, got ${JSON.stringify(raw[field]) ?? 'nothing'}`);
  };
}

export const isCount = (v: unknown): boolean => Number.isSafeInteger(v) && (v as number) >= 0;
const isNonNegative = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v) && v >= 0;
