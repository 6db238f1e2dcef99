// `mkdir -p` with an error that says which folder could not be created and why. Node's own
// recursive mkdir never returns where a parent refuses new folders with ENOENT (procfs, a mount that
// went away): it retries the parent (EEXIST) and the child (ENOENT) forever (measured: node 20.20).
import { mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { BertfitError, errorMessage } from '@bertfit/core';

function code(err: unknown): string | undefined {
  return (err as { code?: string } | null)?.code;
}

/** Why `dir` could not be made inside `parent`, in words, from mkdir's error code. */
function reason(err: unknown, dir: string, parent: string): string {
  switch (code(err)) {
    case 'EROFS':
      return `${parent} is on a read-only file system`;
    case 'EACCES':
    case 'EPERM':
      return `no permission to create ${dir} in ${parent}`;
    case 'ENOENT':
      return `${parent} does not accept new folders (a virtual file system such as /proc, or a mount that is gone)`;
    case 'ENOSPC':
    case 'EDQUOT':
      return `no space (or quota) left on the device of ${parent}`;
    default:
      return `mkdir ${dir} failed`;
  }
}

/**
 * Creates `path` and its missing parents, one level at a time. `what` names the folder in errors
 * ("run dir"); an error names the folder that could not be created, why, and keeps mkdir's error as cause.
 */
export async function createDirs(path: string, what: string): Promise<void> {
  const fail = (why: string, err?: unknown): never => {
    throw new BertfitError(`cannot create ${what} ${path}: ${why}${err === undefined ? '' : ` (${errorMessage(err)})`}`, err === undefined ? undefined : { cause: err });
  };
  const missing: string[] = [];
  for (let at = resolve(path); ; at = dirname(at)) {
    // ENOTDIR: a file further up; the walk reaches it and names it.
    const found = await stat(at).catch((err: unknown) => (code(err) === 'ENOENT' || code(err) === 'ENOTDIR' ? null : fail(`cannot look at ${at}`, err)));
    if (found !== null) {
      if (!found.isDirectory()) fail(`${at} is a file, not a folder`);
      break;
    }
    missing.unshift(at);
    if (dirname(at) === at) break;
  }
  for (const dir of missing) {
    await mkdir(dir).catch((err: unknown) => {
      if (code(err) !== 'EEXIST') fail(reason(err, dir, dirname(dir)), err);
    });
  }
}
