import { join } from 'node:path';
import { writeFileAtomic } from '@bertfit/core';
import type { LossScaleState } from '../optim/loss-scaler.js';
import { fieldChecker, isCount, readJson } from './trainer-state.js';

/** fp16 checkpoints only: the GradScaler state (HF saves its `scaler.pt` for the same reason). */
export const LOSS_SCALE_FILE = 'loss_scale.json';

interface LossScaleFile extends LossScaleState {
  format: 'bertfit-loss-scale/1';
}

export async function writeLossScale(dir: string, state: LossScaleState): Promise<void> {
  const file: LossScaleFile = { format: 'bertfit-loss-scale/1', ...state };
  await writeFileAtomic(join(dir, LOSS_SCALE_FILE), `${JSON.stringify(file, null, 2)}\n`);
}

/** Reads and checks `loss_scale.json`; errors name the file and the field. */
export async function readLossScale(dir: string): Promise<LossScaleState> {
  const path = join(dir, LOSS_SCALE_FILE);
  const raw = await readJson(path);
  const check = fieldChecker(path, raw);
  check('format', (v) => v === 'bertfit-loss-scale/1', '"bertfit-loss-scale/1"');
  check('scale', (v) => typeof v === 'number' && v > 0 && Number.isFinite(Math.fround(v)), 'a positive float32');
  for (const f of ['growthTracker', 'skippedSteps']) check(f, isCount, 'a non-negative integer');
  return { scale: raw.scale as number, growthTracker: raw.growthTracker as number, skippedSteps: raw.skippedSteps as number };
}
