import { bestCheckpointText } from '../rundir/best-checkpoint-path.js';
import { rotateCheckpoints } from '../rundir/checkpoint-index.js';
import { REQUIRED_TRAINING_FILES, writeTrainingCheckpoint } from '../rundir/checkpoint-files.js';
import { checkpointDir } from '../rundir/checkpoint-name.js';
import { writeCheckpoint } from '../rundir/checkpoint-writer.js';
import type { LoopState, RunContext } from './run-context.js';

/** Writes checkpoint-<step> atomically, records it as best when it is, then rotates (never the best). */
export async function saveCheckpoint(ctx: RunContext, s: LoopState, isBest: boolean): Promise<string> {
  const path = checkpointDir(ctx.runDir, s.step);
  if (isBest) s.bestCheckpoint = path;
  s.trainerState = {
    ...s.trainerState,
    global_step: s.step,
    epoch: s.epoch + s.batchInEpoch / ctx.prep.microBatchesPerEpoch,
    best_model_checkpoint: s.bestCheckpoint === null ? null : bestCheckpointText(ctx.runDir, s.bestCheckpoint),
  };
  const rng = {
    format: 'bertfit-rng/1' as const,
    seed: ctx.config.seed,
    epoch: s.epoch,
    batchInEpoch: s.batchInEpoch,
    globalStep: s.step,
    dropoutCounter: s.step,
    generators: {},
  };
  const { store, bertConfig, model } = ctx.prep;
  store.assertFinite(`refusing to checkpoint step ${s.step}`);
  await writeCheckpoint(
    ctx.runDir,
    s.step,
    (dir, files) =>
      writeTrainingCheckpoint(
        dir,
        files,
        { store, bertConfig, tokenizer: model.tokenizer, optimizer: ctx.optimizer },
        { trainerState: s.trainerState, rng, lossWindow: s.lossesSinceLog, lossScale: s.lossScale },
      ),
    REQUIRED_TRAINING_FILES,
  );
  await rotateCheckpoints(ctx.runDir, { saveTotalLimit: ctx.config.train.saveTotalLimit, keep: s.bestCheckpoint, onWarning: ctx.log });
  return path;
}
