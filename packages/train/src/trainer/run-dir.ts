import { mkdir, readdir } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { BertfitError, errorMessage, writeFileAtomic } from '@bertfit/config';
import { cleanTmpEntries } from './checkpoint-writer.js';

export const RUN_CONFIG_FILE = 'run-config.json';

export interface PrepareRunDirOptions {
  /** config `outputDir` (relative paths resolve against the current directory). */
  outputDir: string;
  /** config `name`: one path segment. */
  name: string;
  /** The fully resolved config, saved as run-config.json. */
  config: unknown;
  /** `fresh` refuses a non-empty run dir; `resume` requires an existing one. */
  mode: 'fresh' | 'resume';
}

export interface PreparedRunDir {
  runDir: string;
  configPath: string;
  /** Crash leftovers removed at start (`.tmp-*`). */
  removedTmp: string[];
}

/**
 * Creates or reopens `<outputDir>/<name>/`, removes crash leftovers, and writes run-config.json
 * atomically. A fresh run never writes into a run dir that has content: it would mix two runs'
 * checkpoints and logs.
 */
export async function prepareRunDir(options: PrepareRunDirOptions): Promise<PreparedRunDir> {
  const { name, mode } = options;
  if (name === '' || name === '.' || name === '..' || /[/\\]/.test(name) || isAbsolute(name)) {
    throw new BertfitError(`prepareRunDir: config name must be one folder name (no slashes, not "." or ".."), got ${JSON.stringify(name)}`);
  }
  const runDir = resolve(options.outputDir, name);
  const entries = await readdir(runDir).catch((err: { code?: string }) => {
    if (err.code === 'ENOENT') return null;
    throw new BertfitError(`prepareRunDir: cannot read run dir ${runDir}: ${errorMessage(err)}`, { cause: err });
  });
  if (mode === 'fresh' && entries !== null && entries.length > 0) {
    const shown = entries.sort().slice(0, 5).join(', ') + (entries.length > 5 ? ', …' : '');
    throw new BertfitError(
      `prepareRunDir: refusing to start a fresh run in ${runDir}: it is not empty (${shown}). ` +
        `Resume it with \`bertfit train --resume ${join(runDir, 'checkpoint-<step>')}\`, pick another name with \`--set name=…\`, or delete the folder.`,
    );
  }
  if (mode === 'resume' && entries === null) {
    throw new BertfitError(`prepareRunDir: cannot resume: run dir ${runDir} does not exist`);
  }
  try {
    await mkdir(runDir, { recursive: true });
  } catch (err) {
    throw new BertfitError(`prepareRunDir: cannot create run dir ${runDir}: ${errorMessage(err)}`, { cause: err });
  }
  const removedTmp = await cleanTmpEntries(runDir);
  const configPath = join(runDir, RUN_CONFIG_FILE);
  await writeFileAtomic(configPath, `${JSON.stringify(options.config, null, 2)}\n`);
  return { runDir, configPath, removedTmp };
}
