import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BertfitError } from '@bertfit/core';
import { writeJsonAtomic } from '../json-file.js';
import { isSameProcessAlive, procStart } from '../jobs/process-alive.js';
import { recordForDisk, recordFromDisk } from './ledger-paths.js';
import { readRecord } from '../records/read-record.js';
import { sweepMeta, trialRecord } from '../records/sweep-records.js';
import type { SweepMeta } from './sweep-context.js';
import type { TrialRecord } from './trial-record.js';

/**
 * The sweep's ledger: one JSON file per trial under `<sweepDir>/ledger/`, each written atomically,
 * plus `sweep.json` (the plan and counters). Records hold absolute paths in memory and paths
 * relative to the sweep folder on disk (ledger-paths.ts), so the folder can be moved. A lock file keeps two live orchestrators off one sweep;
 * a lock left by a killed one is taken over.
 */
export class Ledger {
  readonly dir: string;
  private locked = false;

  readonly sweepDir: string;

  constructor(sweepDir: string) {
    this.sweepDir = resolve(sweepDir);
    this.dir = join(this.sweepDir, 'ledger');
  }

  private file(index: number): string {
    return join(this.dir, `trial-${String(index).padStart(4, '0')}.json`);
  }

  read(index: number): TrialRecord | null {
    const rec = readRecord(this.file(index), trialRecord, 'ledger');
    if (rec === null) return null;
    if (rec.index !== index) throw new BertfitError(`ledger ${this.file(index)}: field index must be ${index}, got ${rec.index}`);
    return recordFromDisk(rec, this.sweepDir);
  }

  write(rec: TrialRecord, event: string): TrialRecord {
    const next = { ...rec, history: [...rec.history, { at: new Date().toISOString(), event }] };
    writeJsonAtomic(this.file(rec.index), recordForDisk(next, this.sweepDir));
    return next;
  }

  all(): TrialRecord[] {
    if (!existsSync(this.dir)) return [];
    return readdirSync(this.dir)
      .filter((f) => /^trial-\d+\.json$/.test(f))
      .sort()
      .map((f) => this.read(Number(/\d+/.exec(f)![0]))!);
  }

  readMeta(): SweepMeta | null {
    return readRecord(join(this.sweepDir, 'sweep.json'), sweepMeta, 'sweep');
  }

  writeMeta(meta: SweepMeta): void {
    writeJsonAtomic(join(this.sweepDir, 'sweep.json'), meta);
  }

  /** Takes the sweep's lock; fails when another live orchestrator holds it. */
  lock(): void {
    mkdirSync(this.sweepDir, { recursive: true });
    const path = join(this.sweepDir, 'orchestrator.lock');
    for (let i = 0; i < 2; i++) {
      try {
        writeFileSync(path, JSON.stringify({ pid: process.pid, procStart: procStart(process.pid) }), { flag: 'wx' });
        this.locked = true;
        return;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw new BertfitError(`locking sweep ${this.sweepDir} failed`, { cause: err });
        let holder: { pid: number; procStart: string | null } | null = null;
        try {
          holder = JSON.parse(readFileSync(path, 'utf8')) as { pid: number; procStart: string | null };
        } catch {
          holder = null;
        }
        if (holder && holder.pid !== process.pid && isSameProcessAlive(holder.pid, holder.procStart)) {
          throw new BertfitError(`sweep ${this.sweepDir} is being run by another orchestrator (pid ${holder.pid}); stop it first`);
        }
        rmSync(path, { force: true });
      }
    }
    throw new BertfitError(`locking sweep ${this.sweepDir}: could not take ${path}`);
  }

  unlock(): void {
    if (this.locked) rmSync(join(this.sweepDir, 'orchestrator.lock'), { force: true });
    this.locked = false;
  }
}
