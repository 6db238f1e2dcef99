import { closeSync, existsSync, fstatSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { METRICS_LOG_PATH } from '@bertfit/train';
import { jobFiles } from '../jobs/job-files.js';
import { describeState, type JobState } from '../jobs/job-state.js';
import { describeOverrides } from './trial-config.js';
import type { TrialRecord } from './trial-record.js';

const fmt = (v: number): string => v.toFixed(4);

/**
 * The console's view of a sweep: one line per trial state change (submitted, running, each
 * validation score as the trainer logs it, finished with its best, retried or failed with the log
 * to read). The ledger keeps the detailed history; these lines are for the person watching.
 */
export class TrialProgress {
  /** Bytes of each trial's logs/metrics.jsonl already read, so each poll reads only what is new. */
  private readonly offsets = new Map<string, number>();

  constructor(
    private readonly metric: string,
    private readonly log: (line: string) => void,
  ) {}

  submitted(r: TrialRecord, jobId: string): void {
    const sub = r.submission!;
    this.log(`sweep: trial ${r.index} submitted as job ${jobId} (attempt ${sub.attempt}): ${describeOverrides(r.overrides)}; run dir ${sub.runDir}`);
  }

  jobState(r: TrialRecord, jobId: string, st: JobState): void {
    this.log(st.state === 'RUNNING' ? `sweep: trial ${r.index} running (job ${jobId})` : `sweep: trial ${r.index} job ${jobId} ${describeState(st)}`);
  }

  /** New eval events of a running trial: a small read of the file's new bytes per poll. */
  evals(r: TrialRecord): void {
    const runDir = r.submission?.runDir;
    if (!runDir) return;
    const file = join(runDir, METRICS_LOG_PATH);
    if (!existsSync(file)) return;
    const from = this.offsets.get(file) ?? 0;
    const fd = openSync(file, 'r');
    let text: string;
    try {
      const size = fstatSync(fd).size;
      if (size <= from) return;
      const buf = Buffer.alloc(size - from);
      readSync(fd, buf, 0, buf.length, from);
      text = buf.toString('utf8');
    } finally {
      closeSync(fd);
    }
    // Only whole lines: the trainer may be mid-write; the rest is read next time.
    const end = text.lastIndexOf('\n') + 1;
    this.offsets.set(file, from + Buffer.byteLength(text.slice(0, end)));
    for (const line of text.slice(0, end).split('\n')) {
      let e: { type?: unknown; step?: unknown; [k: string]: unknown };
      try {
        e = JSON.parse(line) as typeof e;
      } catch {
        continue; // a line the trainer's own reader would also skip; progress is best effort
      }
      const v = e[this.metric];
      if (e.type === 'eval' && typeof v === 'number') this.log(`sweep: trial ${r.index} step ${String(e.step)}: ${this.metric} ${fmt(v)} (validation)`);
    }
  }

  /** The outcome of a finished job; `jobDir` is the attempt's, whose stderr.log holds the trainer's output. */
  ended(next: TrialRecord, event: string, jobDir: string): void {
    if (next.state === 'completed') {
      const v = next.metrics?.[this.metric];
      const best = typeof v === 'number' ? `best ${this.metric} ${fmt(v)} (validation)` : `no ${this.metric} recorded`;
      this.log(`sweep: trial ${next.index} finished: ${best}${next.bestCheckpoint ? ` at ${next.bestCheckpoint}` : ''}`);
      return;
    }
    this.log(`sweep: trial ${next.index} ${event}; log ${jobFiles.stderr(jobDir)}`);
  }
}
