/**
 * Parsers for the text SLURM 22.05 prints (samples in parse.test.ts, recorded from a real SLURM 22.05.8). Pure functions:
 * text in, records out; unparseable lines are reported, not skipped silently.
 */
import { BertfitError } from '@bertfit/core';

/** Format passed to `squeue -o`; parseSqueue expects exactly these columns. */
export const SQUEUE_FORMAT = '%i|%A|%F|%K|%T|%r';

export interface SqueueRow {
  /** Display id: `7`, `7_1`, or `7_[1-3%2]` for a not-yet-split array remainder (without -r). */
  displayId: string;
  jobId: string;
  arrayJobId: string;
  /** Array task id, or null for a plain job. */
  taskId: string | null;
  state: string;
  reason: string;
}

export function parseSqueue(text: string): SqueueRow[] {
  const rows: SqueueRow[] = [];
  for (const [i, line] of text.split('\n').entries()) {
    if (line.trim() === '') continue;
    const f = line.split('|');
    if (f.length !== 6) throw new BertfitError(`parsing squeue output line ${i + 1}: expected 6 '|' fields, got ${JSON.stringify(line)}`);
    const [displayId, jobId, arrayJobId, taskId, state, reason] = f as [string, string, string, string, string, string];
    rows.push({ displayId, jobId, arrayJobId, taskId: taskId === 'N/A' ? null : taskId, state, reason });
  }
  return rows;
}

/**
 * Splits `Key=Value Key2=Value with spaces …` (scontrol -o, the jobcomp log) into a record.
 * A new key starts at a space followed by `Word=`; anything else belongs to the current value.
 */
export function parseKeyValues(line: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /(?:^|\s)([A-Za-z][A-Za-z0-9_/:]*)=/g;
  const marks: { key: string; start: number; valueStart: number }[] = [];
  for (let m = re.exec(line); m !== null; m = re.exec(line)) {
    marks.push({ key: m[1]!, start: m.index, valueStart: m.index + m[0].length });
  }
  marks.forEach((mk, i) => {
    const end = i + 1 < marks.length ? marks[i + 1]!.start : line.length;
    out[mk.key] = line.slice(mk.valueStart, end).trim();
  });
  return out;
}

/** `scontrol -o show job ID`: one line per job (one per task for arrays). */
export function parseScontrolJobs(text: string): Record<string, string>[] {
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map(parseKeyValues);
}

export interface SacctRow {
  jobId: string;
  state: string;
  exitCode: string;
}

/** `sacct -c -n --parsable2 -o JobID,State,ExitCode`. */
export function parseSacct(text: string): SacctRow[] {
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((line, i) => {
      const f = line.split('|');
      if (f.length < 3) throw new BertfitError(`parsing sacct output line ${i + 1}: expected JobID|State|ExitCode, got ${JSON.stringify(line)}`);
      return { jobId: f[0]!, state: f[1]!, exitCode: f[2]! };
    });
}

/** Finds the jobcomp record of a job (by JobId) or of an array task (ArrayJobId + ArrayTaskId); last wins. */
export function findJobcompRecord(log: string, target: { jobId?: string; arrayJobId?: string; taskId?: string }): Record<string, string> | null {
  let found: Record<string, string> | null = null;
  for (const line of log.split('\n')) {
    if (line.trim() === '') continue;
    const r = parseKeyValues(line);
    const byTask = target.arrayJobId !== undefined && r.ArrayJobId === target.arrayJobId && r.ArrayTaskId === target.taskId;
    const byId = target.jobId !== undefined && r.JobId === target.jobId && r.ArrayTaskId === undefined;
    if (byTask || byId) found = r;
  }
  return found;
}
