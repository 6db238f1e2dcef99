import { readdir } from 'node:fs/promises';
import { basename, isAbsolute, join, resolve } from 'node:path';
import { BertfitError, errorMessage, removeTmpEntries, writeFileAtomic } from '@bertfit/core';
import { abandonWholeRun, type AbandonResult } from './abandon.js';
import { listCheckpoints } from './checkpoint-index.js';
import { createDirs } from './create-dirs.js';
import { acquireRunLock, RUN_LOCK_FILE, type RunLock } from './run-lock.js';

export const RUN_CONFIG_FILE = 'run-config.json';

export interface PrepareRunDirOptions {
  /** config `outputDir` (relative paths resolve against the current directory). */
  outputDir: string;
  /** config `name`: one path segment. */
  name: string;
  /** The fully resolved config, saved as run-config.json. */
  config: unknown;
  /** `fresh` refuses a run dir holding a complete checkpoint; `resume` requires an existing run dir. */
  mode: 'fresh' | 'resume';
}

export interface PreparedRunDir {
  runDir: string;
  configPath: string;
  /** Crash leftovers removed at start (`.tmp-*`). */
  removedTmp: string[];
  /** This process's exclusive lock on the run dir; release it when the run ends. */
  lock: RunLock;
  /** A fresh start over a run that never checkpointed: what was there, moved to `abandoned/<time>/`. */
  abandoned: AbandonResult;
}

/**
 * Creates or reopens `<outputDir>/<name>/`, takes its lock (one writer per run dir: a second process
 * fails here, before it can touch the first one's files), removes crash leftovers, and writes
 * run-config.json atomically. A fresh run never mixes with a run that has a complete checkpoint; a
 * run killed before its first checkpoint has nothing to resume, so its leftovers are moved aside.
 */
export async function prepareRunDir(options: PrepareRunDirOptions): Promise<PreparedRunDir> {
  const { name, mode } = options;
  if (name === '' || name === '.' || name === '..' || /[/\\]/.test(name) || isAbsolute(name)) {
    throw new BertfitError(`config name must be one folder name (no slashes, not "." or ".."), got ${JSON.stringify(name)}`);
  }
  const runDir = resolve(options.outputDir, name);
  const existed = await readdir(runDir).then(
    () => true,
    (err: { code?: string }) => {
      if (err.code === 'ENOENT' || err.code === 'ENOTDIR') return false;
      throw new BertfitError(`cannot read run dir ${runDir}: ${errorMessage(err)}`, { cause: err });
    },
  );
  if (mode === 'resume' && !existed) throw new BertfitError(`cannot resume: run dir ${runDir} does not exist`);
  await createDirs(runDir, 'run dir');
  const lock = await acquireRunLock(runDir);
  try {
    let abandoned: AbandonResult = { kind: 'nothing' };
    if (mode === 'fresh') {
      const complete = await listCheckpoints(runDir, { onWarning: () => undefined });
      if (complete.length > 0) {
        const shown = complete
          .slice(-3)
          .map((c) => basename(c.dir))
          .join(', ');
        throw new BertfitError(
          `refusing to start a fresh run in ${runDir}: it holds complete checkpoints (${shown}). ` +
            `Resume it with \`bertfit train --resume latest\`, pick another name with \`--set name=…\`, or delete the folder.`,
        );
      }
      abandoned = await abandonWholeRun(runDir, [RUN_LOCK_FILE]);
    }
    const removedTmp = await removeTmpEntries(runDir);
    const configPath = join(runDir, RUN_CONFIG_FILE);
    await writeFileAtomic(configPath, `${JSON.stringify(options.config, null, 2)}\n`);
    return { runDir, configPath, removedTmp, lock, abandoned };
  } catch (err) {
    await lock.release();
    throw err;
  }
}
