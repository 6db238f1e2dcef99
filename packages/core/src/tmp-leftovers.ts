import { existsSync } from 'node:fs';
import { readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { BertfitError, errorMessage } from './errors.js';
import { asideOf, isTmpName } from './tmp-name.js';

/**
 * Removes the crash leftovers in `dir` (every entry `isTmpName` recognises: half-written files and
 * folders, replaced or rotated-out ones) and returns their names, sorted. Call it only where one
 * process owns `dir` (a run dir at start-up, under its lock): a live writer's temp would go too.
 * A folder that replaceDir had set aside when it crashed, with nothing yet under its own name, is
 * put back under that name rather than removed: the swap never happened, so the old folder stands.
 */
export async function removeTmpEntries(dir: string): Promise<string[]> {
  const removed: string[] = [];
  try {
    for (const name of await readdir(dir)) {
      if (!isTmpName(name)) continue;
      const setAsideFrom = asideOf(name);
      if (setAsideFrom !== null && !existsSync(join(dir, setAsideFrom))) {
        await rename(join(dir, name), join(dir, setAsideFrom));
        continue;
      }
      await rm(join(dir, name), { recursive: true, force: true });
      removed.push(name);
    }
  } catch (err) {
    throw new BertfitError(`removing the crash leftovers in ${dir} failed: ${errorMessage(err)}`, { cause: err });
  }
  return removed.sort();
}
