import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '@bertfit/core';
import type { LossScaleState } from '../optim/loss-scaler.js';
import { count } from './json-fields.js';
import { readJsonFile } from './read-json-file.js';

/** fp16 checkpoints only: the GradScaler state (HF saves its `scaler.pt` for the same reason). */
export const LOSS_SCALE_FILE = 'loss_scale.json';

interface LossScaleFile extends LossScaleState {
  format: 'bertfit-loss-scale/1';
}

export async function writeLossScale(dir: string, state: LossScaleState): Promise<void> {
  const file: LossScaleFile = { format: 'bertfit-loss-scale/1', ...state };
  await writeFileAtomic(join(dir, LOSS_SCALE_FILE), `${JSON.stringify(file, null, 2)}\n`);
}

const lossScaleFileSchema = z.object({
  format: z.literal('bertfit-loss-scale/1'),
  // The scaler multiplies float32 losses: a scale that rounds to 0 or Infinity in float32 is unusable.
  scale: z.number().refine((v) => v > 0 && Number.isFinite(Math.fround(v)), { error: 'a positive float32' }),
  growthTracker: count,
  skippedSteps: count,
});

/** Reads and checks `loss_scale.json`; errors name the file, the field and its value. */
export async function readLossScale(dir: string): Promise<LossScaleState> {
  const { scale, growthTracker, skippedSteps } = await readJsonFile(join(dir, LOSS_SCALE_FILE), lossScaleFileSchema);
  return { scale, growthTracker, skippedSteps };
}
