import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { readSafetensors } from '../io/safetensors.js';
import type { ParamStore } from '../runtime/param-store.js';
import { MODEL_FILE, REQUIRED_MODEL_FILES, writeModelFiles } from './checkpoint-files.js';
import { writeCheckpoint } from './checkpoint-writer.js';
import type { RunContext } from '../trainer/run-context.js';

/**
 * Loads the best checkpoint's weights into `store` (HF's load_best_model_at_end) and publishes its
 * model files as `<runDir>/best/`, replacing an older `best/` only once the new one is complete.
 */
export async function publishBest(ctx: RunContext, bestCheckpoint: string, store: ParamStore): Promise<string> {
  const weights = await readSafetensors(join(bestCheckpoint, MODEL_FILE));
  store.loadTensors(weights.tensors, { source: join(bestCheckpoint, MODEL_FILE) });
  const { bertConfig, model } = ctx.prep;
  // writeCheckpoint gives the crash-safe tmp-folder + marker + rename; step 0 names the staging folder.
  const staging = join(ctx.runDir, '.tmp-best');
  await mkdir(staging, { recursive: true });
  const staged = await writeCheckpoint(staging, 0, (dir, files) =>
    writeModelFiles(dir, files, { store, bertConfig, tokenizer: model.tokenizer }), REQUIRED_MODEL_FILES,
  );
  const best = join(ctx.runDir, 'best');
  const old = join(ctx.runDir, `.tmp-best-old-${process.pid}`);
  await rename(best, old).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'ENOENT') throw err;
  });
  await rename(staged, best);
  await rm(old, { recursive: true, force: true });
  await rm(staging, { recursive: true, force: true });
  return best;
}
