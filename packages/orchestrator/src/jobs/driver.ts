import type { Executor, JobHandle, JobSpec } from './executor.js';
import { isTerminal, type JobState } from './job-state.js';
import { Backoff, DEFAULT_POLL, sleep, type PollOptions } from './poll.js';

/** A job the scheduler cannot account for (UNKNOWN, or no state at all) this long is taken as lost (ms). */
export const LOST_AFTER_MS = 5 * 60_000;

export interface DriverOptions {
  poll: PollOptions;
  log: (line: string) => void;
  /** Aborting ends the loop after the current round; the jobs keep running. */
  signal?: AbortSignal;
  lostAfterMs?: number;
}

/** A watched job's state in one round. `lost`: unaccounted for longer than lostAfterMs. */
export interface Observed {
  state: JobState;
  lost: boolean;
}

/** Whether a job is over for its caller: a final state, or lost. */
export function hasEnded(o: Observed): boolean {
  return isTerminal(o.state) || o.lost;
}

/** What a caller does each round: the loop itself (poll, backoff, lost jobs, abort) is the driver's. */
export interface DriverRound {
  /** Work before the status poll (submitting, say); true when it changed something. */
  before?(): Promise<boolean>;
  /** The jobs to poll this round. */
  watched(): readonly JobHandle[];
  /** Reacts to this round's states (keyed by handle id); true when something changed. */
  after(states: ReadonlyMap<string, Observed>): Promise<boolean>;
  /** Whether there is nothing left to do. */
  done(): boolean;
}

/**
 * The one job-watching loop of sweeps and the auto-evaluator: submit or re-attach, poll the
 * executor with a backoff that resets whenever something changed, and track jobs the scheduler
 * has lost, so that neither caller waits forever on a job that will never report again.
 */
export class JobDriver {
  private readonly unknownSince = new Map<string, number>();

  constructor(
    readonly executor: Executor,
    private readonly opts: DriverOptions,
  ) {}

  /** A job of a killed orchestrator is found again, never started twice; only a job that never ran is submitted. */
  async start(spec: JobSpec, where?: { arrayName: string; arrayIndex: number }): Promise<JobHandle> {
    const found = await this.executor.reattach(spec, where);
    if (found) this.opts.log(`re-attached to job ${found.id} (${spec.jobDir}, started by an earlier run)`);
    return found ?? this.executor.submit(spec);
  }

  /** Runs rounds until `done()` or the signal aborts; returns `done()`. */
  async run(round: DriverRound): Promise<boolean> {
    const backoff = new Backoff(this.opts.poll);
    while (!round.done() && !this.opts.signal?.aborted) {
      const submitted = (await round.before?.()) ?? false;
      const handles = round.watched();
      // Asked even with no handles: the local executor starts queued jobs when it is polled.
      const states = await this.executor.status(handles);
      const changed = await round.after(this.observe(handles, states));
      if (!round.done()) await sleep(backoff.next(submitted || changed), this.opts.signal);
    }
    return round.done();
  }

  private observe(handles: readonly JobHandle[], states: ReadonlyMap<string, JobState>): Map<string, Observed> {
    const now = Date.now();
    // Jobs no longer watched (ended, lost, or dropped by the caller) are forgotten.
    for (const id of this.unknownSince.keys()) if (!handles.some((h) => h.id === id)) this.unknownSince.delete(id);
    const out = new Map<string, Observed>();
    for (const h of handles) {
      const state: JobState = states.get(h.id) ?? { state: 'UNKNOWN', detail: 'the executor reported no state' };
      if (state.state !== 'UNKNOWN') {
        this.unknownSince.delete(h.id);
        out.set(h.id, { state, lost: false });
        continue;
      }
      const since = this.unknownSince.get(h.id) ?? now;
      this.unknownSince.set(h.id, since);
      out.set(h.id, { state, lost: now - since >= (this.opts.lostAfterMs ?? LOST_AFTER_MS) });
    }
    return out;
  }
}

/**
 * Polls until every handle has ended (or is lost) and returns their last states; `onChange` sees
 * each state change once. For one-off jobs (a test-split score) and tests.
 */
export async function waitForJobs(
  executor: Executor,
  handles: readonly JobHandle[],
  opts: { poll?: PollOptions; onChange?: (h: JobHandle, s: JobState) => void; signal?: AbortSignal; lostAfterMs?: number } = {},
): Promise<Map<string, JobState>> {
  const last = new Map<string, Observed>();
  const driver = new JobDriver(executor, { poll: opts.poll ?? DEFAULT_POLL, log: () => undefined, signal: opts.signal, lostAfterMs: opts.lostAfterMs });
  await driver.run({
    watched: () => handles,
    after: async (states) => {
      let changed = false;
      for (const h of handles) {
        const o = states.get(h.id)!;
        if (JSON.stringify(last.get(h.id)?.state) === JSON.stringify(o.state)) continue;
        changed = true;
        opts.onChange?.(h, o.state);
      }
      for (const [id, o] of states) last.set(id, o);
      return changed;
    },
    done: () =>
      handles.every((h) => {
        const o = last.get(h.id);
        return o !== undefined && hasEnded(o);
      }),
  });
  return new Map([...last].map(([id, o]) => [id, o.state]));
}
