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
