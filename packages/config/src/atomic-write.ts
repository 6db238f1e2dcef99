import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { BertfitError } from './errors.js';

let counter = 0;

/** An error's message, or its string form for non-Error throws (duck-typed: errors may come from another realm). */
export function errorMessage(err: unknown): string {
  const message = (err as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : String(err);
}

/** fsync a file or folder by path; folders are synced so a rename inside them survives a power cut. */
export async function fsyncPath(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Writes `data` (text, bytes, or byte chunks in order) to `path` so that readers see the old content or
 * the new one, never a torn file: a sibling `.tmp-*` file is written and fsynced, renamed over `path`,
 * and the folder fsynced. Every bertfit package writes its files through this one function.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array | Iterable<Uint8Array>): Promise<void> {
  const tmp = join(dirname(path), `.tmp-${basename(path)}-${process.pid}-${counter++}`);
  try {
    const handle = await open(tmp, 'w');
    try {
      if (typeof data === 'string' || data instanceof Uint8Array) await handle.writeFile(data);
      else {
        for (const chunk of data) {
          let done = 0;
          while (done < chunk.byteLength) done += (await handle.write(chunk, done, chunk.byteLength - done)).bytesWritten;
        }
      }
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, path);
    await fsyncPath(dirname(path));
  } catch (err) {
    await rm(tmp, { force: true }).catch(() => undefined);
    throw new BertfitError(`could not write ${path}: ${errorMessage(err)}`, { cause: err });
  }
}
