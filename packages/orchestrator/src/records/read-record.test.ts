import { describe, it, expect, afterAll } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { journalFile, readJournal } from '../auto/auto-journal.js';
import { exitRecord, startedRecord } from './job-records.js';
import { autoJournal } from './auto-records.js';
import { readRecord } from './read-record.js';
import { bowBaseline, sweepMeta } from './sweep-records.js';

const root = mkdtempSync(join(tmpdir(), 'bertfit-records-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const put = (name: string, value: unknown): string => {
  writeFileSync(join(root, name), JSON.stringify(value));
  return join(root, name);
};

describe('reading records through their schemas', () => {
  it('returns what a runner wrote, and null for a file that does not exist', () => {
    const started = { pid: 12, procStart: '99', slurmJobId: null, startedAt: '2026-01-01T00:00:00Z' };
    expect(readRecord(put('started.json', started), startedRecord, 'job record')).toEqual(started);
    expect(readRecord(join(root, 'exit.json'), exitRecord, 'job record')).toBeNull();
  });

  it('names the file, the nested field and its value', () => {
    const meta = put('sweep.json', { sweepId: 'abc', plans: [{ index: 0, overrides: {} }], nextBatch: -1 });
    expect(() => readRecord(meta, sweepMeta, 'sweep')).toThrow(`sweep ${meta}: field nextBatch must be a number ≥ 0, got -1`);
    const exit = put('exit-bad.json', { exitCode: 1.5, signal: null, error: null, finishedAt: 'x' });
    expect(() => readRecord(exit, exitRecord, 'job record')).toThrow(`job record ${exit}: field exitCode must be an integer, got 1.5`);
    const base = put('baseline.json', { accuracy: '0.5', f1_macro: 0.4, vocabulary: 10 });
    expect(() => readRecord(base, bowBaseline, 'baseline')).toThrow(`baseline ${base}: field accuracy must be a number, got "0.5"`);
  });

  it('checks a journal down to its pending actions', () => {
    const machine = {
      settings: { metric: 'accuracy', target: null, dropPatience: 1, selectOn: 'validation', greaterIsBetter: true },
      queue: [],
      inFlight: null,
      evaluated: [],
      best: null,
      consecutiveDrops: 0,
      training: { state: 'running' },
      stop: null,
    };
    const journal = { format: 'bertfit-auto/1', machine, pending: [{ type: 'evaluate', step: 10, split: 'validation' }], evaluation: null, trainEnded: false, test: null };
    expect(readRecord(put('auto-state.json', journal), autoJournal, 'journal')).toEqual(journal);
    const bad = put('auto-bad.json', { ...journal, pending: [{ type: 'explode', step: 10 }] });
    expect(() => readRecord(bad, autoJournal, 'journal')).toThrow(
      `journal ${bad}: field pending.0.type must be "evaluate", "backupBest", "cancelTraining", "cancelEvaluation", "scoreTest" or "finish", got "explode"`,
    );
    // auto refuses such a work dir, naming the file, the field and what to do.
    const workDir = join(root, 'work');
    mkdirSync(workDir);
    writeFileSync(journalFile(workDir), JSON.stringify({ ...journal, trainEnded: 'yes' }));
    expect(() => readJournal(workDir)).toThrow(
      `auto: ${journalFile(workDir)} is not an auto-evaluator journal (bertfit-auto/1): auto-evaluator journal ${journalFile(workDir)}: field trainEnded must be true or false, got "yes"; remove the work dir ${workDir} to start afresh`,
    );
  });
});
