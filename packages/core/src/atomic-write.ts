import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { BertfitError, errorMessage } from './errors.js';
import { fsyncPath, fsyncPathSync } from './fsync-path.js';
import { tmpSibling } from './tmp-name.js';

/**
 * Writes `data` (text, bytes, or byte chunks in order) to `path` so that readers see the old content or
 * the new one, never a torn file: a `tmpSibling` is written and fsynced (`flush`), renamed over `path`,
 * and the folder fsynced. The parent folder is created when missing. Use it for a file that replaces
 * one readers may hold; files built inside a `replaceDir` folder need no temp of their own.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array | Iterable<Uint8Array>): Promise<void> {
  const tmp = tmpSibling(path);
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(tmp, data, { flush: true });
    await rename(tmp, path);
    await fsyncPath(dirname(path));
  } catch (err) {
    throw discardTmp(path, tmp, err);
  }
}

/**
 * `writeFileAtomic` for synchronous code: the orchestrator's poll loops write ledger and job records
 * where an await would reorder state transitions.
 */
export function writeFileAtomicSync(path: string, data: string | Uint8Array): void {
  const tmp = tmpSibling(path);
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(tmp, data, { flush: true });
    renameSync(tmp, path);
    fsyncPathSync(dirname(path));
  } catch (err) {
    throw discardTmp(path, tmp, err);
  }
}

/** Removes a failed write's temp file (synchronously: one small unlink) and says which write failed. */
function discardTmp(path: string, tmp: string, err: unknown): BertfitError {
  try {
    rmSync(tmp, { force: true });
  } catch {
    // the folder itself is unusable; the error below says which write failed
  }
  return new BertfitError(`could not write ${path}: ${errorMessage(err)}`, { cause: err });
}
