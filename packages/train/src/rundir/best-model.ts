import { join } from 'node:path';
import { readSafetensors } from '../io/safetensors.js';
import type { ParamStore } from '../runtime/param-store.js';
import { MODEL_FILE, REQUIRED_MODEL_FILES, writeModelFiles } from './checkpoint-files.js';
import { writeCheckpointDir } from './checkpoint-writer.js';
import type { RunContext } from '../trainer/run-context.js';

/**
 * Loads the best checkpoint's weights into `store` (HF's load_best_model_at_end) and publishes its
 * model files as `<runDir>/best/`, replacing an older `best/` only once the new one is complete.
 */
export async function publishBest(ctx: RunContext, bestCheckpoint: string, store: ParamStore): Promise<string> {
  const weights = await readSafetensors(join(bestCheckpoint, MODEL_FILE));
  store.loadTensors(weights.tensors, { source: join(bestCheckpoint, MODEL_FILE) });
  const { bertConfig, model } = ctx.prep;
  // The checkpoint form (marker, sizes, hashes) at step 0, swapped in whole by core's replaceDir.
  const best = join(ctx.runDir, 'best');
  await writeCheckpointDir(best, 0, (dir, files) => writeModelFiles(dir, files, { store, bertConfig, tokenizer: model.tokenizer }), REQUIRED_MODEL_FILES);
  return best;
}
