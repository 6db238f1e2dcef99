import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { BertfitError, errorMessage } from './errors.js';
import { isTmpName } from './tmp-name.js';

/**
 * Removes the crash leftovers in `dir` (every entry `isTmpName` recognises: half-written files and
 * folders, replaced or rotated-out ones) and returns their names, sorted. Call it only where one
 * process owns `dir` (a run dir at start-up, under its lock): a live writer's temp would go too.
 */
export async function removeTmpEntries(dir: string): Promise<string[]> {
  const removed: string[] = [];
  try {
    for (const name of await readdir(dir)) {
      if (!isTmpName(name)) continue;
      await rm(join(dir, name), { recursive: true, force: true });
      removed.push(name);
    }
  } catch (err) {
    throw new BertfitError(`removing the crash leftovers in ${dir} failed: ${errorMessage(err)}`, { cause: err });
  }
  return removed.sort();
}
