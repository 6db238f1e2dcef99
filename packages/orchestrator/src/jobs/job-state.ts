/**
 * The state of one job, as a discriminated union on `state`. The names are SLURM's base states;
 * the local executor maps its processes onto the same set so callers handle one vocabulary.
 */
export type JobState =
  | { state: 'PENDING'; reason: string }
  | { state: 'RUNNING' }
  | { state: 'COMPLETED' }
  | { state: 'FAILED'; exitCode: number; signal: number; reason: string }
  | { state: 'TIMEOUT' }
  | { state: 'CANCELLED' }
  | { state: 'PREEMPTED' }
  | { state: 'NODE_FAIL' }
  | { state: 'OUT_OF_MEMORY' }
  | { state: 'UNKNOWN'; detail: string };

export type JobStateName = JobState['state'];

/** Whether the job will not change state any more. UNKNOWN is not final: it is asked again. */
export function isTerminal(s: JobState): boolean {
  switch (s.state) {
    case 'PENDING':
    case 'RUNNING':
    case 'UNKNOWN':
      return false;
    case 'COMPLETED':
    case 'FAILED':
    case 'TIMEOUT':
    case 'CANCELLED':
    case 'PREEMPTED':
    case 'NODE_FAIL':
    case 'OUT_OF_MEMORY':
      return true;
    default:
      return assertNever(s);
  }
}

/** Whether a retry should resume from the last checkpoint (the job was lost, not wrong). */
export function isInfrastructureLoss(s: JobState): boolean {
  return s.state === 'PREEMPTED' || s.state === 'NODE_FAIL';
}

export function describeState(s: JobState): string {
  switch (s.state) {
    case 'PENDING':
      return s.reason ? `PENDING (${s.reason})` : 'PENDING';
    case 'FAILED':
      return `FAILED (exit ${s.exitCode}, signal ${s.signal}${s.reason ? `, ${s.reason}` : ''})`;
    case 'UNKNOWN':
      return `UNKNOWN (${s.detail})`;
    case 'RUNNING':
    case 'COMPLETED':
    case 'TIMEOUT':
    case 'CANCELLED':
    case 'PREEMPTED':
    case 'NODE_FAIL':
    case 'OUT_OF_MEMORY':
      return s.state;
    default:
      return assertNever(s);
  }
}

/** Parses SLURM's `exit:signal` pair (`3:0`, `0:9`); null when it is not one. */
export function parseExitCode(text: string | undefined): { exitCode: number; signal: number } | null {
  const m = /^(\d+):(\d+)$/.exec(text?.trim() ?? '');
  if (!m) return null;
  return { exitCode: Number(m[1]), signal: Number(m[2]) };
}

/**
 * Maps a SLURM state word (from squeue %T, scontrol JobState, sacct State, the jobcomp log) onto
 * the union. sacct writes `CANCELLED by 0`; only the first word counts. Transitional states map to
 * the state the job is effectively in (COMPLETING still holds resources, REQUEUED waits again).
 */
export function fromSlurmState(raw: string, extra: { reason?: string; exitCode?: string } = {}): JobState {
  const word = raw.trim().split(/\s+/)[0]?.replace(/\+$/, '').toUpperCase() ?? '';
  const reason = extra.reason && extra.reason !== 'None' ? extra.reason : '';
  switch (word) {
    case 'PENDING':
    case 'REQUEUED':
    case 'REQUEUE_HOLD':
    case 'REQUEUE_FED':
    case 'RESV_DEL_HOLD':
    case 'SUSPENDED':
    case 'STOPPED':
      return { state: 'PENDING', reason: reason || (word === 'PENDING' ? '' : word) };
    case 'RUNNING':
    case 'CONFIGURING':
    case 'COMPLETING':
    case 'RESIZING':
    case 'SIGNALING':
    case 'STAGE_OUT':
      return { state: 'RUNNING' };
    case 'COMPLETED':
      return { state: 'COMPLETED' };
    case 'FAILED':
    case 'SPECIAL_EXIT': {
      const code = parseExitCode(extra.exitCode) ?? { exitCode: -1, signal: 0 };
      return { state: 'FAILED', ...code, reason };
    }
    case 'TIMEOUT':
    case 'DEADLINE':
      return { state: 'TIMEOUT' };
    case 'CANCELLED':
    case 'REVOKED':
      return { state: 'CANCELLED' };
    case 'PREEMPTED':
      return { state: 'PREEMPTED' };
    case 'NODE_FAIL':
    case 'BOOT_FAIL':
      return { state: 'NODE_FAIL' };
    case 'OUT_OF_MEMORY':
      return { state: 'OUT_OF_MEMORY' };
    default:
      return { state: 'UNKNOWN', detail: `unrecognised SLURM state ${JSON.stringify(raw)}` };
  }
}

export function assertNever(x: never): never {
  throw new Error(`unhandled variant: ${JSON.stringify(x)}`);
}
