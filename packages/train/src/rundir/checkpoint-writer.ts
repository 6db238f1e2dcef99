import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { BertfitError, errorMessage, fsyncPath } from '@bertfit/config';
import { COMPLETE_MARKER, type CheckpointManifest, type ManifestFile } from './checkpoint-manifest.js';
import { checkpointDirName } from './checkpoint-name.js';

/** Prefix of every temporary entry in a run dir; whatever carries it at start-up is a crash leftover. */
export const TMP_PREFIX = '.tmp-';

/**
 * Handed to the writer callback: writes (and fsyncs) files into the tmp folder with errors that name
 * the file. Prefer it to raw fs calls: Node's ENOSPC from a write does not say which file it was.
 */
export interface CheckpointFiles {
  readonly dir: string;
  write(relPath: string, data: string | Uint8Array): Promise<void>;
}

/**
 * Writes `runDir/checkpoint-<step>/` crash-safely: `write` fills `.tmp-checkpoint-<step>-<pid>`, every
 * file is fsynced, the marker goes in last, then one rename publishes the folder. A crash at any
 * point leaves no `checkpoint-<step>` or a complete one; a failure removes the tmp folder and leaves
 * earlier checkpoints untouched. An existing `checkpoint-<step>` (a re-save after resuming from an
 * earlier checkpoint) is replaced only once the new one is complete. Returns the checkpoint's path.
 */
export async function writeCheckpoint(
  runDir: string,
  step: number,
  write: (tmpDir: string, files: CheckpointFiles) => Promise<void>,
  required: readonly string[] = [],
): Promise<string> {
  if (!Number.isSafeInteger(step) || step < 0) {
    throw new BertfitError(`checkpoint step must be a non-negative integer, got ${step}`);
  }
  const name = checkpointDirName(step);
  const target = join(runDir, name);
  const tmp = join(runDir, `${TMP_PREFIX}${name}-${process.pid}`);
  try {
    await rm(tmp, { recursive: true, force: true });
    await mkdir(tmp, { recursive: false });
    await write(tmp, checkpointFiles(tmp));
    const files = await listFiles(tmp);
    const missing = required.filter((r) => !files.some((f) => f.path === r));
    if (missing.length > 0) throw new BertfitError(`the checkpoint lacks ${missing.join(', ')}`);
    for (const f of files) {
      await fsyncPath(join(tmp, f.path));
      f.sha256 = await sha256File(join(tmp, f.path));
    }
    const manifest: CheckpointManifest = { format: 'bertfit-checkpoint/2', step, files, required: [...required], writtenAt: new Date().toISOString() };
    await checkpointFiles(tmp).write(COMPLETE_MARKER, `${JSON.stringify(manifest, null, 2)}\n`);
    await fsyncPath(tmp);
    await publish(runDir, tmp, target, name);
  } catch (err) {
    await rm(tmp, { recursive: true, force: true }).catch(() => undefined);
    throw new BertfitError(`saving checkpoint ${target} failed (nothing was published): ${errorMessage(err)}`, {
      cause: err,
    });
  }
  return target;
}

/** Renames the finished tmp folder into place, moving a same-step predecessor aside first. */
async function publish(runDir: string, tmp: string, target: string, name: string): Promise<void> {
  const old = join(runDir, `${TMP_PREFIX}replaced-${name}-${process.pid}`);
  const hadOld = await exists(target);
  if (hadOld) await rename(target, old);
  await rename(tmp, target);
  await fsyncPath(runDir);
  if (hadOld) await rm(old, { recursive: true, force: true });
}

function checkpointFiles(dir: string): CheckpointFiles {
  return {
    dir,
    async write(relPath, data) {
      const path = join(dir, relPath);
      try {
        const handle = await open(path, 'w');
        try {
          await handle.writeFile(data);
          await handle.sync();
        } finally {
          await handle.close();
        }
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

/**
 * Removes crash leftovers (`.tmp-*` entries: half-written checkpoints, replaced or rotated-out ones,
 * tmp files of atomic writes). Call only at start-up, by the one process that owns the run dir.
 */
export async function cleanTmpEntries(runDir: string): Promise<string[]> {
  const removed: string[] = [];
  for (const name of await readdir(runDir)) {
    if (!name.startsWith(TMP_PREFIX)) continue;
    await rm(join(runDir, name), { recursive: true, force: true });
    removed.push(name);
  }
  return removed.sort();
}

async function exists(path: string): Promise<boolean> {
  return lstat(path).then(
    () => true,
    () => false,
  );
}

