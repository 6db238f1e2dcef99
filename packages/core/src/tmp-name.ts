import { basename, dirname, join } from 'node:path';

/**
 * Prefix of every temporary entry bertfit writes: whatever carries it in a folder that one process
 * owns (a run dir at start-up) is a crash leftover. Names that predate the one scheme below
 * (`.tmp-best`, `.tmp-checkpoint-<step>-<pid>`, …) carry it too.
 */
export const TMP_PREFIX = '.tmp-';

let counter = 0;

/**
 * A temporary sibling of `path`: `.tmp-<basename>-<pid>-<counter>` in the same folder, so a rename
 * onto `path` stays on one filesystem, and unique per process and call, so concurrent writers (and
 * a file's temp beside a folder's) never share one.
 */
export function tmpSibling(path: string): string {
  counter += 1;
  return join(dirname(path), `${TMP_PREFIX}${basename(path)}-${process.pid}-${counter}`);
}

/** Whether a folder entry's name is a temporary one (of `tmpSibling` or an older scheme): a crash leftover unless its writer still runs. */
export function isTmpName(name: string): boolean {
  return name.startsWith(TMP_PREFIX);
}
