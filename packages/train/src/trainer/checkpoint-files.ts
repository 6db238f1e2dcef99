import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BertfitError } from '@bertfit/config';
import type { BertTokenizer } from '@bertfit/data';
import { readSafetensors, writeSafetensors } from '../io/safetensors.js';
import { toHfConfigJson, type BertConfig } from '../models/bert-config.js';
import type { AdamW } from '../optim/adamw.js';
import { ParamStore } from '../runtime/param-store.js';
import type { CheckpointFiles } from './checkpoint-writer.js';
import { readRngState, writeRngState, type RngState } from './rng-state.js';
import { readTrainerState, writeTrainerState, type TrainerState } from './trainer-state.js';

export const MODEL_FILE = 'model.safetensors';
export const OPTIMIZER_FILE = 'optimizer.safetensors';

/** The model files HF and transformers.js read: weights, config.json with id2label, tokenizer files. */
export async function writeModelFiles(dir: string, files: CheckpointFiles, m: { store: ParamStore; bertConfig: BertConfig; tokenizer: BertTokenizer }): Promise<void> {
  await writeSafetensors(join(dir, MODEL_FILE), m.store.toTensors(), { metadata: { format: 'pt' } });
  await files.write('config.json', `${JSON.stringify(toHfConfigJson(m.bertConfig), null, 2)}\n`);
  await m.tokenizer.saveTokenizerFiles(dir);
}

/** Adam's moments under HF-like names, with the step counter in the metadata. */
export async function writeOptimizerFile(dir: string, store: ParamStore, optimizer: AdamW): Promise<void> {
  const s = optimizer.state();
  const tensors: [string, { shape: number[]; data: Float32Array }][] = [];
  for (const [prefix, flat] of [['exp_avg', s.expAvg], ['exp_avg_sq', s.expAvgSq]] as const) {
    for (const [name, t] of ParamStore.fromFlat(store.specs, flat).toTensors()) tensors.push([`${prefix}.${name}`, t]);
  }
  await writeSafetensors(join(dir, OPTIMIZER_FILE), tensors, { metadata: { step: String(s.step) } });
}

export const LOSS_WINDOW_FILE = 'loss_window.json';

export interface SavedState {
  trainerState: TrainerState;
  rng: RngState;
  /** Train losses since the last log event, so a resumed run logs the same means. */
  lossWindow: number[];
}

/** Everything a resumed run needs: model, optimizer, trainer state and data-order state. */
export async function writeTrainingCheckpoint(
  dir: string,
  files: CheckpointFiles,
  m: { store: ParamStore; bertConfig: BertConfig; tokenizer: BertTokenizer; optimizer: AdamW },
  saved: SavedState,
): Promise<void> {
  await writeModelFiles(dir, files, m);
  await writeOptimizerFile(dir, m.store, m.optimizer);
  await writeTrainerState(dir, saved.trainerState);
  await writeRngState(dir, saved.rng);
  await files.write(LOSS_WINDOW_FILE, JSON.stringify(saved.lossWindow));
}

/** Restores parameters and optimizer in place and returns the saved loop state. */
export async function readTrainingCheckpoint(dir: string, store: ParamStore, optimizer: AdamW): Promise<SavedState> {
  for (const f of [MODEL_FILE, OPTIMIZER_FILE, 'trainer_state.json', 'rng_state.json']) {
    if (!existsSync(join(dir, f))) throw new BertfitError(`checkpoint ${dir} has no ${f}: it cannot resume a run`);
  }
  const model = await readSafetensors(join(dir, MODEL_FILE));
  try {
    store.loadTensors(model.tensors, { source: join(dir, MODEL_FILE) });
  } catch (err) {
    throw new BertfitError(`checkpoint ${dir} does not fit this run's architecture: ${(err as Error).message}`, { cause: err });
  }
  const opt = await readSafetensors(join(dir, OPTIMIZER_FILE));
  const source = join(dir, OPTIMIZER_FILE);
  const moment = (prefix: string): ParamStore => {
    const named = new Map([...opt.tensors].filter(([k]) => k.startsWith(`${prefix}.`)).map(([k, t]) => [k.slice(prefix.length + 1), t]));
    const m = ParamStore.create(store.specs);
    m.loadTensors(named, { source });
    return m;
  };
  const moments = [moment('exp_avg'), moment('exp_avg_sq')] as const;
  const step = Number(opt.metadata.step);
  if (!Number.isSafeInteger(step)) throw new BertfitError(`${source}: metadata "step" is ${JSON.stringify(opt.metadata.step)}, expected an integer`);
  optimizer.loadState({ step, expAvg: moments[0].flat, expAvgSq: moments[1].flat });
  const windowFile = join(dir, LOSS_WINDOW_FILE);
  const lossWindow = existsSync(windowFile) ? (JSON.parse(await readFile(windowFile, 'utf8')) as unknown) : [];
  if (!Array.isArray(lossWindow) || !lossWindow.every((x) => typeof x === 'number')) {
    throw new BertfitError(`${windowFile}: expected a JSON array of numbers`);
  }
  return { trainerState: await readTrainerState(dir), rng: await readRngState(dir), lossWindow };
}
