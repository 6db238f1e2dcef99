import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, readdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { BertfitError, errorMessage, replaceDir } from '@bertfit/core';
import { COMPLETE_MARKER, type CheckpointManifest, type ManifestFile } from './checkpoint-manifest.js';
import { checkpointDir } from './checkpoint-name.js';

/**
 * Handed to the writer callback: writes files into the tmp folder with errors that name
 * the file. Prefer it to raw fs calls: Node's ENOSPC from a write does not say which file it was.
 */
export interface CheckpointFiles {
  readonly dir: string;
  write(relPath: string, data: string | Uint8Array): Promise<void>;
}

/** Fills a checkpoint's tmp folder (`files` writes with errors that name the file). */
export type FillCheckpoint = (tmpDir: string, files: CheckpointFiles) => Promise<void>;
/**
 * Writes `runDir/checkpoint-<step>/` crash-safely (see `writeCheckpointDir`). An existing
 * `checkpoint-<step>` (a re-save after resuming from an earlier checkpoint) is replaced only once the
 * new one is complete. Returns the checkpoint's path.
 */
export async function writeCheckpoint(runDir: string, step: number, write: FillCheckpoint, required: readonly string[] = []): Promise<string> {
  if (!Number.isSafeInteger(step) || step < 0) {
    throw new BertfitError(`checkpoint step must be a non-negative integer, got ${step}`);
  }
  const target = checkpointDir(runDir, step);
  await writeCheckpointDir(target, step, write, required);
  return target;
}

/**
 * Writes a folder in checkpoint form at `target` (a checkpoint, or the run's best/) through
 * @bertfit/core's `replaceDir`: `write` fills a `.tmp-*` sibling, the marker goes in last, every file
 * is fsynced, then one rename publishes the folder. A crash at any point leaves no `target` or a
 * complete one (or the previous one); a failure removes the tmp folder and leaves earlier checkpoints
 * untouched.
 */
export async function writeCheckpointDir(target: string, step: number, write: FillCheckpoint, required: readonly string[] = []): Promise<void> {
  try {
    await replaceDir(target, async (tmp) => {
      await write(tmp, checkpointFiles(tmp));
      const files = await listFiles(tmp);
      const missing = required.filter((r) => !files.some((f) => f.path === r));
      if (missing.length > 0) throw new BertfitError(`the checkpoint lacks ${missing.join(', ')}`);
      for (const f of files) f.sha256 = await sha256File(join(tmp, f.path));
      const manifest: CheckpointManifest = { format: 'bertfit-checkpoint/2', step, files, required: [...required], writtenAt: new Date().toISOString() };
      await checkpointFiles(tmp).write(COMPLETE_MARKER, `${JSON.stringify(manifest, null, 2)}\n`);
    });
  } catch (err) {
    throw new BertfitError(`saving checkpoint ${target} failed (nothing was published): ${errorMessage(err)}`, {
      cause: err,
    });
  }
}

function checkpointFiles(dir: string): CheckpointFiles {
  return {
    dir,
    async write(relPath, data) {
      const path = join(dir, relPath);
      try {
        // No fsync here: replaceDir fsyncs every file of the folder before it takes its name.
        await writeFile(path, data);
      } catch (err) {
        throw new BertfitError(`could not write ${path}: ${errorMessage(err)}`, { cause: err });
      }
    },
  };
}

/** The SHA-256 of a file, hex, read as a stream (model files can be gigabytes). */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 22 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Every regular file under `dir` (recursively) with its size, in a stable order. */
async function listFiles(dir: string): Promise<ManifestFile[]> {
  const out: ManifestFile[] = [];
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = join(entry.parentPath, entry.name);
    out.push({ path: relative(dir, full), bytes: (await lstat(full)).size });
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
