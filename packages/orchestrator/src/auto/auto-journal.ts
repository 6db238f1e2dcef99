import { join } from 'node:path';
import { BertfitError, errorMessage } from '@bertfit/core';
import { writeJsonAtomic } from '../json-file.js';
import { autoJournal } from '../records/auto-records.js';
import { readRecord } from '../records/read-record.js';
import type { AutoAction, AutoState } from './auto-machine.js';

/**
 * What `bertfit auto` must know to carry on after it was killed: the machine's state, the actions
 * it decided but has not yet carried out (each is removed once done, so a crash between deciding
 * and doing replays it), the evaluation in flight and whether training ended. Job handles are not
 * kept: a restarted orchestrator finds its jobs again through `Executor.reattach`, which knows
 * executor-specific records (claims, started.json, SLURM job names) better than a copy here could.
 * Written atomically at every transition to `<workDir>/auto-state.json`.
 */
export interface AutoJournal {
  format: typeof FORMAT;
  machine: AutoState;
  pending: AutoAction[];
  evaluation: { step: number; split: 'validation' | 'test' } | null;
  trainEnded: boolean;
  /** Test metrics of the best checkpoint once scored (validation selection). */
  test: Record<string, number> | null;
}

const FORMAT = 'bertfit-auto/1';

export function journalFile(workDir: string): string {
  return join(workDir, 'auto-state.json');
}

export function writeJournal(workDir: string, journal: AutoJournal): void {
  writeJsonAtomic(journalFile(workDir), journal);
}

/** The journal left by an earlier run, or null; errors name the file and the bad field. */
export function readJournal(workDir: string): AutoJournal | null {
  const file = journalFile(workDir);
  try {
    return readRecord(file, autoJournal, 'auto-evaluator journal');
  } catch (err) {
    throw new BertfitError(`auto: ${file} is not an auto-evaluator journal (${FORMAT}): ${errorMessage(err)}; remove the work dir ${workDir} to start afresh`, { cause: err });
  }
}
