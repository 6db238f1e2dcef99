import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (the folder holding nx.json), found from this file's location. */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'nx.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`no nx.json above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
  return dir;
}

/**
 * The read-only `shared/` folder beside the checkout (real tweets, vocab.txt, fixtures), or null
 * when absent, as on a user's fresh clone. `BERTFIT_SHARED` overrides the location.
 */
export function sharedDir(): string | null {
  const dir = process.env.BERTFIT_SHARED ?? resolve(repoRoot(), '..', 'shared');
  return existsSync(join(dir, 'DESIGN.md')) ? dir : null;
}

/** Like sharedDir(), but throws a clear error for suites that cannot run without it. */
export function requireSharedDir(): string {
  const dir = sharedDir();
  if (dir === null) {
    throw new Error(
      `the shared folder was not found at ${resolve(repoRoot(), '..', 'shared')} (set BERTFIT_SHARED); ` + 'the *.shared.test.ts suites need it, `npm test` does not',
    );
  }
  return dir;
}
