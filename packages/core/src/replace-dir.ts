import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { BertfitError, errorMessage } from './errors.js';
import { fsyncPath } from './fsync-path.js';
import { asideSibling, tmpSibling } from './tmp-name.js';

/**
 * Replaces the folder `target` with one that `build` fills, so readers find all of the new files or
 * none: `build` writes into a fresh, empty temp sibling; every file and folder in it is fsynced; an
 * existing `target` is renamed aside to another temp sibling; the new folder is renamed to `target`,
 * the parent fsynced, and the old one removed. A failed `build` (its error is rethrown as it is)
 * removes the temp folder and leaves `target` untouched. A crash leaves the old or the new folder at
 * `target`, except between the two renames, where the old one lies under its aside name (a failure
 * there puts it back; after a crash, `removeTmpEntries` does); every leftover is a `.tmp-*` sibling
 * that `isTmpName` recognises.
 */
export async function replaceDir(target: string, build: (tmpDir: string) => Promise<void>): Promise<void> {
  const tmp = tmpSibling(target);
  await mkdir(tmp, { recursive: true }).catch((err: unknown) => {
    throw failed(`replacing the folder ${target}`, err);
  });
  try {
    await build(tmp);
  } catch (err) {
    await rm(tmp, { recursive: true, force: true }).catch(() => undefined);
    throw err;
  }
  const old = asideSibling(target);
  let hadOld = false;
  let published = false;
  try {
    await fsyncTree(tmp);
    hadOld = await moveAside(target, old);
    await rename(tmp, target);
    published = true;
    await fsyncPath(dirname(target));
    if (hadOld) await rm(old, { recursive: true, force: true });
  } catch (err) {
    await rm(tmp, { recursive: true, force: true }).catch(() => undefined);
    if (hadOld && !published) await rename(old, target).catch(() => undefined);
    throw failed(`replacing the folder ${target}`, err);
  }
}

/** Renames `path` to `aside`; false when there was nothing at `path`. */
async function moveAside(path: string, aside: string): Promise<boolean> {
  try {
    await rename(path, aside);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}

/**
 * Removes the folder `dir` so that a crash midway never leaves a half-deleted folder under its name
 * (one that may still look complete): it is renamed to a temp sibling first, then deleted.
 */
export async function removeDir(dir: string): Promise<void> {
  const doomed = tmpSibling(dir);
  try {
    await rename(dir, doomed);
    await fsyncPath(dirname(dir));
    await rm(doomed, { recursive: true, force: true });
  } catch (err) {
    throw failed(`removing the folder ${dir}`, err);
  }
}

/** fsyncs every file and folder under `dir`, deepest first, so the bytes are on disk before the folder takes its name. */
async function fsyncTree(dir: string): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await fsyncTree(path);
    else if (entry.isFile()) await fsyncPath(path);
  }
  await fsyncPath(dir);
}

function failed(what: string, err: unknown): BertfitError {
  return new BertfitError(`${what} failed: ${errorMessage(err)}`, { cause: err });
}
