import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { BertfitError } from '@bertfit/core';
import { z } from 'zod';
import { writeJsonAtomic } from '../json-file.js';
import { readRecord } from '../records/read-record.js';
import type { RunConfigLike } from '../config-types.js';
import { journalFile, readJournal, writeJournal, type AutoJournal } from './auto-journal.js';
import { initialAutoState, type AutoSettings } from './auto-machine.js';

/**
 * A fresh work dir gets its journal (first: from then on the folder is resumable) and run config;
 * one with a journal is resumed, provided it was started with the same config. A non-empty folder
 * without a journal is not auto's to touch.
 */
export function openWorkDir(workDir: string, configFile: string, runConfig: RunConfigLike, settings: AutoSettings, log: (line: string) => void): AutoJournal {
  let journal = existsSync(workDir) ? readJournal(workDir) : null;
  if (journal === null) {
    if (existsSync(workDir) && readdirSync(workDir).length > 0) {
      throw new BertfitError(
        `auto: work dir ${workDir} is not empty and holds no ${basename(journalFile(workDir))} (not left by a resumable auto run); remove it, or choose another \`name\` in the config (or workDir), to start a fresh run`,
      );
    }
    journal = { format: 'bertfit-auto/1', machine: initialAutoState(settings), pending: [], evaluation: null, trainEnded: false, test: null };
    writeJournal(workDir, journal);
  } else {
    const done = journal.machine.evaluated.map((p) => p.step);
    log(`auto: resuming ${workDir} (${done.length} checkpoint(s) evaluated${done.length ? `, last step ${done.at(-1)}` : ''}${journal.trainEnded ? ', training ended' : ''})`);
  }
  mkdirSync(join(workDir, 'evals'), { recursive: true }); // result files go here; the CLI need not create folders
  const before = readRecord(configFile, z.unknown(), 'auto run config');
  if (before === null)
    writeJsonAtomic(configFile, runConfig); // also when killed between the journal and the config
  else if (JSON.stringify(before) !== JSON.stringify(runConfig)) {
    throw new BertfitError(
      `auto: work dir ${workDir} was started with another config (${configFile}); run the same config to resume it, or choose another \`name\` (or workDir) to start a fresh run`,
    );
  }
  return journal;
}
