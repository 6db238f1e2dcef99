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

/**
 * Where replaceDir sets an existing folder aside while the new one takes its name:
 * `.tmp-<basename>-aside-<pid>-<counter>`. A crash between its two renames leaves the old folder
 * here and nothing at `path`; `asideOf` lets leftover cleanup put it back instead of deleting it.
 */
export function asideSibling(path: string): string {
  counter += 1;
  return join(dirname(path), `${TMP_PREFIX}${basename(path)}-aside-${process.pid}-${counter}`);
}

const ASIDE = /^\.tmp-(.+)-aside-\d+-\d+$/;

/** The name of the folder an `asideSibling` entry was set aside from; null for any other name. */
export function asideOf(name: string): string | null {
  return ASIDE.exec(name)?.[1] ?? null;
}

/** Whether a folder entry's name is a temporary one (of `tmpSibling` or an older scheme): a crash leftover unless its writer still runs. */
export function isTmpName(name: string): boolean {
  return name.startsWith(TMP_PREFIX);
}
