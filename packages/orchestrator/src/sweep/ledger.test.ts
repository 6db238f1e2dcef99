import { describe, it, expect, afterAll } from '@jest/globals';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
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

  it('names the file when a record is corrupt', () => {
    const l = new Ledger(join(root, 'b'));
    l.write(newTrialRecord(0, 'x', {}), 'planned');
    writeFileSync(join(l.dir, 'trial-0000.json'), '{"index": 0, "sta');
    expect(() => l.read(0)).toThrow(`reading ${join(l.dir, 'trial-0000.json')}: not valid JSON (17 bytes)`);
    writeFileSync(join(l.dir, 'trial-0000.json'), '{"index": 5, "state": "pending"}');
    expect(() => l.read(0)).toThrow(`ledger ${join(l.dir, 'trial-0000.json')}: not a trial record for trial 0`);
  });

  it('refuses a sweep locked by a live process and takes over a dead holder\'s lock', () => {
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
