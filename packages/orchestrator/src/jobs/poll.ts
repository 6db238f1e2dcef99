import type { Executor, JobHandle } from './executor.js';
import { isTerminal, type JobState } from './job-state.js';

/** Polling cadence: start at `minMs`, multiply by `factor` while nothing changes, cap at `maxMs`. */
export interface PollOptions {
  minMs: number;
  maxMs: number;
  factor: number;
}

export const DEFAULT_POLL: PollOptions = { minMs: 1000, maxMs: 30_000, factor: 1.5 };

/**
 * The local executor's cadence: its status is a read of a few files, not a squeue call, so a short cap
 * costs nothing; with DEFAULT_POLL's 30 s cap a half-minute demo trial was seen ~15 s after it ended.
 */
export const LOCAL_POLL: PollOptions = { minMs: 500, maxMs: 2000, factor: 1.5 };

/** The cadence for an executor kind when the caller gives none. */
export function defaultPoll(executor: 'local' | 'slurm'): PollOptions {
  return executor === 'local' ? LOCAL_POLL : DEFAULT_POLL;
}

/** Backoff that resets when something changed (new state seen), so bursts are followed closely. */
export class Backoff {
  private current: number;
  constructor(private readonly opts: PollOptions) {
    this.current = opts.minMs;
  }
  next(changed: boolean): number {
    this.current = changed ? this.opts.minMs : Math.min(this.opts.maxMs, this.current * this.opts.factor);
    return this.current;
  }
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done(): void {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Polls until every handle is terminal; `onChange` sees each state change once. */
export async function waitForJobs(
  executor: Executor,
  handles: readonly JobHandle[],
  opts: { poll?: PollOptions; onChange?: (h: JobHandle, s: JobState) => void; signal?: AbortSignal } = {},
): Promise<Map<string, JobState>> {
  const backoff = new Backoff(opts.poll ?? DEFAULT_POLL);
  const last = new Map<string, string>();
  for (;;) {
    const states = await executor.status(handles);
    let changed = false;
    for (const h of handles) {
      const s = states.get(h.id);
      if (!s) continue;
      const key = JSON.stringify(s);
      if (last.get(h.id) !== key) {
        last.set(h.id, key);
        changed = true;
        opts.onChange?.(h, s);
      }
    }
    if (handles.every((h) => { const s = states.get(h.id); return s !== undefined && isTerminal(s); })) return states;
    if (opts.signal?.aborted) return states;
    await sleep(backoff.next(changed), opts.signal);
  }
}
