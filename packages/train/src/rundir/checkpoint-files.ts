import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { BertfitError, errorMessage } from '@bertfit/core';
import type { BertTokenizer } from '@bertfit/data';
import { readSafetensors, writeSafetensors } from '../io/safetensors.js';
import { toHfConfigJson, type BertConfig } from '../models/bert-config.js';
import type { AdamW } from '../optim/adamw.js';
import type { LossScaleState } from '../optim/loss-scaler.js';
import { readAdamWState, writeAdamWState } from '../optim/adamw-state-file.js';
import type { ParamStore } from '../runtime/param-store.js';
import type { CheckpointFiles } from './checkpoint-writer.js';
import { readJsonFile } from './read-json-file.js';
import { LOSS_SCALE_FILE, readLossScale, writeLossScale } from './loss-scale-file.js';
import { readRngState, RNG_STATE_FILE, writeRngState, type RngState } from './rng-state.js';
import { readTrainerState, TRAINER_STATE_FILE, writeTrainerState, type TrainerState } from './trainer-state.js';

export const MODEL_FILE = 'model.safetensors';
export const OPTIMIZER_FILE = 'optimizer.safetensors';

/** The model files HF and transformers.js read: weights, config.json with id2label, tokenizer files. */
export async function writeModelFiles(dir: string, files: CheckpointFiles, m: { store: ParamStore; bertConfig: BertConfig; tokenizer: BertTokenizer }): Promise<void> {
  await writeSafetensors(join(dir, MODEL_FILE), m.store.toTensors(), { metadata: { format: 'pt' } });
  await files.write('config.json', `${JSON.stringify(toHfConfigJson(m.bertConfig), null, 2)}\n`);
  await m.tokenizer.saveTokenizerFiles(dir);
}

export const LOSS_WINDOW_FILE = 'loss_window.json';

/** What a model folder (`best/`) must hold; its marker lists these, so a folder without one is never published. */
export const REQUIRED_MODEL_FILES = [MODEL_FILE, 'config.json'] as const;
/** What a resumable checkpoint must hold besides the model files. */
export const REQUIRED_TRAINING_FILES = [...REQUIRED_MODEL_FILES, OPTIMIZER_FILE, TRAINER_STATE_FILE, RNG_STATE_FILE, LOSS_WINDOW_FILE] as const;

/** loss_window.json: the train losses since the last log event. */
const lossWindowSchema = z.array(z.number(), { error: 'a JSON array of numbers' });

export interface SavedState {
  trainerState: TrainerState;
  rng: RngState;
  /** Train losses since the last log event, so a resumed run logs the same means. */
  lossWindow: number[];
  /** fp16's loss scaler (a `loss_scale.json`); null for fp32/bf16 checkpoints, which have none. */
  lossScale: LossScaleState | null;
}

/** Everything a resumed run needs: model, optimizer, trainer state and data-order state. */
export async function writeTrainingCheckpoint(
  dir: string,
  files: CheckpointFiles,
  m: { store: ParamStore; bertConfig: BertConfig; tokenizer: BertTokenizer; optimizer: AdamW },
  saved: SavedState,
): Promise<void> {
  await writeModelFiles(dir, files, m);
  await writeAdamWState(join(dir, OPTIMIZER_FILE), m.store, m.optimizer.state());
  await writeTrainerState(dir, saved.trainerState);
  await writeRngState(dir, saved.rng);
  await files.write(LOSS_WINDOW_FILE, JSON.stringify(saved.lossWindow));
  if (saved.lossScale !== null) await writeLossScale(dir, saved.lossScale);
}

/** Restores parameters and optimizer in place and returns the saved loop state. */
export async function readTrainingCheckpoint(dir: string, store: ParamStore, optimizer: AdamW): Promise<SavedState> {
  for (const f of [MODEL_FILE, OPTIMIZER_FILE, TRAINER_STATE_FILE, RNG_STATE_FILE]) {
    if (!existsSync(join(dir, f))) throw new BertfitError(`checkpoint ${dir} has no ${f}: it cannot resume a run`);
  }
  const model = await readSafetensors(join(dir, MODEL_FILE));
  try {
    store.loadTensors(model.tensors, { source: join(dir, MODEL_FILE) });
  } catch (err) {
    throw new BertfitError(`checkpoint ${dir} does not fit this run's architecture: ${errorMessage(err)}`, { cause: err });
  }
  store.assertFinite(`cannot resume from ${join(dir, MODEL_FILE)}`);
  optimizer.loadState(await readAdamWState(join(dir, OPTIMIZER_FILE), store));
  const windowFile = join(dir, LOSS_WINDOW_FILE);
  const lossWindow = existsSync(windowFile) ? await readJsonFile(windowFile, lossWindowSchema) : [];
  const lossScale = existsSync(join(dir, LOSS_SCALE_FILE)) ? await readLossScale(dir) : null;
  return { trainerState: await readTrainerState(dir), rng: await readRngState(dir), lossWindow, lossScale };
}
