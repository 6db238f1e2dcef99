import { describe, it, expect, afterAll } from '@jest/globals';
import { mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ledger } from './ledger.js';
import { newTrialRecord } from './trial-record.js';

const root = mkdtempSync(join(tmpdir(), 'bertfit-ledger-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('Ledger', () => {
  it('writes one record per trial atomically and appends history', () => {
    const l = new Ledger(join(root, 'a'));
    const r = l.write(newTrialRecord(3, 'x', { a: 1 }), 'planned');
    l.write({ ...r, state: 'submitting' }, 'submitting');
    expect(l.read(3)).toMatchObject({ index: 3, state: 'submitting', history: [{ event: 'planned' }, { event: 'submitting' }] });
    expect(readdirSync(l.dir)).toEqual(['trial-0003.json']);
    expect(l.all().map((x) => x.index)).toEqual([3]);
    expect(l.read(4)).toBeNull();
  });

  it('stores paths relative to the sweep folder, so a moved sweep reads its own files; old absolute records still read', () => {
    const dir = join(root, 'rel');
    const t = join(dir, 'trials', 't0001', 'attempt-1');
    const job = { executor: 'local' as const, id: 'local-1-2', jobDir: join(t, 'job') };
    const sub = {
      attempt: 1,
      jobDir: join(t, 'job'),
      arrayName: 'bf-x-b0',
      arrayIndex: 0,
      runDir: join(t, 'run'),
      resultFile: join(t, 'train-result.json'),
      configFile: join(t, 'config.json'),
    };
    const rec = {
      ...newTrialRecord(1, 'x', {}),
      state: 'submitted' as const,
      submission: sub,
      job,
      resumeFrom: join(t, 'run', 'checkpoint-10'),
      bestCheckpoint: '/elsewhere/checkpoint-20',
    };
    new Ledger(dir).write(rec, 'submitted');
    const onDisk = JSON.parse(readFileSync(join(dir, 'ledger', 'trial-0001.json'), 'utf8'));
    expect(onDisk.submission).toMatchObject({
      jobDir: 'trials/t0001/attempt-1/job',
      runDir: 'trials/t0001/attempt-1/run',
      resultFile: 'trials/t0001/attempt-1/train-result.json',
      configFile: 'trials/t0001/attempt-1/config.json',
    });
    expect(onDisk.job.jobDir).toBe('trials/t0001/attempt-1/job');
    expect(onDisk.resumeFrom).toBe('trials/t0001/attempt-1/run/checkpoint-10');
    expect(onDisk.bestCheckpoint).toBe('/elsewhere/checkpoint-20'); // outside the sweep: kept absolute
    const moved = join(root, 'rel-moved');
    renameSync(dir, moved);
    const back = new Ledger(moved).read(1)!;
    const m = join(moved, 'trials', 't0001', 'attempt-1');
    expect(back.submission).toMatchObject({ jobDir: join(m, 'job'), runDir: join(m, 'run'), resultFile: join(m, 'train-result.json'), configFile: join(m, 'config.json') });
    expect(back.job?.jobDir).toBe(join(m, 'job'));
    expect(back.resumeFrom).toBe(join(m, 'run', 'checkpoint-10'));
    expect(back.bestCheckpoint).toBe('/elsewhere/checkpoint-20');
    // A ledger written with absolute paths (before they were relative) reads as it is.
    writeFileSync(
      join(moved, 'ledger', 'trial-0002.json'),
      JSON.stringify({ ...newTrialRecord(2, 'y', {}), bestCheckpoint: '/old/sweep/trials/t0002/attempt-1/run/checkpoint-5' }),
    );
    expect(new Ledger(moved).read(2)?.bestCheckpoint).toBe('/old/sweep/trials/t0002/attempt-1/run/checkpoint-5');
  });

  it('names the file when a record is corrupt', () => {
    const l = new Ledger(join(root, 'b'));
    l.write(newTrialRecord(0, 'x', {}), 'planned');
    writeFileSync(join(l.dir, 'trial-0000.json'), '{"index": 0, "sta');
    expect(() => l.read(0)).toThrow(`ledger ${join(l.dir, 'trial-0000.json')} is not valid JSON: `);
    writeFileSync(join(l.dir, 'trial-0000.json'), '{"index": 0, "state": "pending"}');
    expect(() => l.read(0)).toThrow(`ledger ${join(l.dir, 'trial-0000.json')}: field name must be a string, got nothing (and 11 more problems)`);
    writeFileSync(join(l.dir, 'trial-0000.json'), JSON.stringify({ ...newTrialRecord(5, 'x', {}), state: 'done' }));
    expect(() => l.read(0)).toThrow(
      `ledger ${join(l.dir, 'trial-0000.json')}: field state must be "pending", "submitting", "submitted", "completed", "failed" or "cancelled", got "done"`,
    );
    writeFileSync(join(l.dir, 'trial-0000.json'), JSON.stringify(newTrialRecord(5, 'x', {})));
    expect(() => l.read(0)).toThrow(`ledger ${join(l.dir, 'trial-0000.json')}: field index must be 0, got 5`);
  });

  it("refuses a sweep locked by a live process and takes over a dead holder's lock", () => {
    const dir = join(root, 'c');
    const l = new Ledger(dir);
    l.lock();
    writeFileSync(join(dir, 'orchestrator.lock'), JSON.stringify({ pid: 1, procStart: null }));
    expect(() => new Ledger(dir).lock()).toThrow(`sweep ${dir} is being run by another orchestrator (pid 1); stop it first`);
    writeFileSync(join(dir, 'orchestrator.lock'), JSON.stringify({ pid: 999_999_999, procStart: '1' }));
    const other = new Ledger(dir);
    other.lock();
    other.unlock();
    expect(readdirSync(dir)).not.toContain('orchestrator.lock');
  });
});
