import { readFileSync } from 'node:fs';

// A pid alone can be reused by an unrelated process after a crash; pid + /proc start time cannot.
// Run locks (train) and job claims (orchestrator) both record this identity.

/** Start time of a process from /proc (field 22), or null when it does not exist (Linux only). */
export function procStart(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

/** Whether `pid` is still the process recorded earlier (a reused pid has another start time). */
export function isSameProcessAlive(pid: number, recordedStart: string | null): boolean {
  const now = procStart(pid);
  if (now === null) return false;
  if (isZombie(pid)) return false;
  return recordedStart === null || now === recordedStart;
}

function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return false;
  }
}
