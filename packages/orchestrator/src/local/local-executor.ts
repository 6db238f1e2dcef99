import { closeSync, existsSync, mkdirSync, openSync, rmSync } from 'node:fs';
import { execa } from 'execa';
import { BertfitError } from '@bertfit/core';
import { writeJsonAtomic } from '../json-file.js';
import type { ArrayOptions, Executor, JobHandle, JobSpec } from '../jobs/executor.js';
import { readClaim, type ClaimRecord } from '../jobs/job-claim.js';
import { jobFiles, readStarted, recordCancel, stateFromExitRecord } from '../jobs/job-files.js';
import { isTerminal, type JobState } from '../jobs/job-state.js';
import { sleep } from '../jobs/poll.js';
import { RUNNER_PATH } from '../jobs/runner-path.js';
import { jobSpecRecord } from '../records/job-records.js';
import { readRecord } from '../records/read-record.js';
import { readLaunchIntent, writeLaunchIntent } from './launch-intent.js';

export interface LocalExecutorOptions {
  /** At most this many jobs run at once; the rest wait in submission order. */
  maxConcurrent: number;
  /** Seconds between SIGTERM and SIGKILL on cancel. */
  killGraceSeconds?: number;
  /**
   * Milliseconds `reattach` waits for the claim of a runner that a killed orchestrator was
   * launching (launching.json, no claim yet) before it reports the job as never started (default
   * 10 000). Resubmitting after that is still safe: the runner's claim admits one runner per folder.
   */
  claimWaitMs?: number;
}

/** A runner this executor spawned: its launch's claim is newer than `afterGeneration`. */
interface Launched {
  afterGeneration: number;
  /** null while the runner process lives. */
  runnerExit: { exitCode: number | null; signal: string | null } | null;
}

interface Queued {
  handle: JobHandle;
  spec: JobSpec;
  throttleKey: string | null;
}

/**
 * Runs jobs as detached child processes of the job runner, at most `maxConcurrent` at once. The
 * runner outlives this process, so a restarted orchestrator re-attaches through the job folder.
 */
export class LocalExecutor implements Executor {
  readonly kind = 'local' as const;
  private readonly queue: Queued[] = [];
  /** Jobs holding a slot; `pid` is the runner's, known from spawn before started.json exists. */
  private readonly active = new Map<string, { handle: JobHandle; throttleKey: string | null; pid: number | null }>();
  private readonly launched = new Map<string, Launched>();
  private readonly cancelledQueued = new Set<string>();
  private readonly neverSatisfied = new Set<string>();
  private readonly throttles = new Map<string, number>();
  private counter = 0;

  constructor(private readonly opts: LocalExecutorOptions) {
    if (!Number.isInteger(opts.maxConcurrent) || opts.maxConcurrent < 1) {
      throw new BertfitError(`LocalExecutor: maxConcurrent must be an integer ≥ 1, got ${opts.maxConcurrent}`);
    }
  }

  async submit(spec: JobSpec): Promise<JobHandle> {
    return this.enqueue(spec, null);
  }

  async submitArray(specs: readonly JobSpec[], opts: ArrayOptions): Promise<JobHandle[]> {
    const key = `${opts.name}#${++this.counter}`;
    this.throttles.set(key, opts.throttle ?? Number.POSITIVE_INFINITY);
    return specs.map((s) => this.enqueue(s, key));
  }

  async status(handles: readonly JobHandle[]): Promise<Map<string, JobState>> {
    this.pump();
    const out = new Map<string, JobState>();
    for (const h of handles) out.set(h.id, this.stateOf(h));
    return out;
  }

  async cancel(handles: readonly JobHandle[]): Promise<void> {
    for (const h of handles) {
      const idx = this.queue.findIndex((q) => q.handle.id === h.id);
      if (idx >= 0) {
        this.queue.splice(idx, 1);
        this.cancelledQueued.add(h.id);
        recordCancel(h.jobDir); // like a running job's: a CANCELLED job without it was not cancelled by us
        continue;
      }
      const claim = readClaim(h.jobDir);
      const pid = claim.kind === 'live' ? claim.claim.pid : (this.active.get(h.id)?.pid ?? null);
      if (pid === null || stateFromExitRecord(h.jobDir) !== null) continue;
      recordCancel(h.jobDir);
      killGroup(pid, 'SIGTERM');
      const grace = (this.opts.killGraceSeconds ?? 5) * 1000;
      const timer = setTimeout(() => {
        if (stateFromExitRecord(h.jobDir) === null) killGroup(pid, 'SIGKILL');
      }, grace);
      timer.unref();
    }
  }

  /**
   * Finds the runner of a job submitted by an earlier (possibly killed) orchestrator through the
   * folder's claim. A launch intent without a newer claim means a runner was being started when
   * that orchestrator died: wait up to `claimWaitMs` for its claim rather than report "never
   * started", which would make the caller start a second one.
   */
  async reattach(spec: JobSpec): Promise<JobHandle | null> {
    const deadline = Date.now() + (this.opts.claimWaitMs ?? 10_000);
    for (;;) {
      // Finished: its runner wrote exit.json and released its claim; started.json names it.
      const started = readStarted(spec.jobDir);
      if (started && stateFromExitRecord(spec.jobDir)) return handleOf(started, spec.jobDir);
      const intent = readLaunchIntent(spec.jobDir);
      const claim = readClaim(spec.jobDir);
      if (claim.kind !== 'none' && (intent === null || claim.claim.generation > intent.afterGeneration)) {
        const handle = handleOf(claim.claim, spec.jobDir);
        if (claim.kind === 'live') this.active.set(handle.id, { handle, throttleKey: null, pid: claim.claim.pid });
        return handle;
      }
      // No intent: queued only in the dead orchestrator (or never submitted), so nothing ran.
      if (intent === null || Date.now() >= deadline) return null;
      await sleep(50);
    }
  }

  async close(): Promise<void> {
    this.queue.length = 0;
  }

  private enqueue(spec: JobSpec, throttleKey: string | null): JobHandle {
    if (spec.argv.length === 0) throw new BertfitError(`LocalExecutor.submit: job ${JSON.stringify(spec.name)} has an empty argv`);
    mkdirSync(spec.jobDir, { recursive: true });
    const claim = readClaim(spec.jobDir);
    if (claim.kind === 'live') return this.adopt(spec, claim.claim, throttleKey);
    // A job dir submitted into again (a re-submitted attempt) must not report the old run's
    // outcome: a stale exit.json/cancelled.json would read as COMPLETED/CANCELLED at once.
    for (const file of [jobFiles.exit, jobFiles.cancelled, jobFiles.started, jobFiles.launching]) rmSync(file(spec.jobDir), { force: true });
    writeJsonAtomic(jobFiles.spec(spec.jobDir), spec);
    const handle: JobHandle = { executor: 'local', id: `local-q${process.pid}-${++this.counter}`, jobDir: spec.jobDir };
    this.queue.push({ handle, spec, throttleKey });
    this.pump();
    return handle;
  }

  /**
   * A live runner already holds the folder (e.g. the runner of a killed orchestrator, claimed after
   * `reattach` gave up waiting): the same job is followed, never started twice; another job is refused.
   */
  private adopt(spec: JobSpec, claim: ClaimRecord, throttleKey: string | null): JobHandle {
    const running = readRecord(jobFiles.spec(spec.jobDir), jobSpecRecord, 'job spec');
    if (JSON.stringify(running?.argv) !== JSON.stringify(spec.argv) || running?.cwd !== spec.cwd) {
      throw new BertfitError(
        `LocalExecutor.submit: job folder ${spec.jobDir} is in use by runner pid ${claim.pid} (claim-${claim.generation}.json) running another command; cancel it or use another folder`,
      );
    }
    const handle = handleOf(claim, spec.jobDir);
    this.active.set(handle.id, { handle, throttleKey, pid: claim.pid });
    return handle;
  }

  private stateOf(h: JobHandle): JobState {
    if (this.cancelledQueued.has(h.id)) return { state: 'CANCELLED' };
    if (this.neverSatisfied.has(h.id)) return { state: 'CANCELLED' };
    const queued = this.queue.find((q) => q.handle.id === h.id);
    if (queued) return { state: 'PENDING', reason: queued.spec.dependsOn ? 'Dependency' : 'Resources' };
    const fromExit = stateFromExitRecord(h.jobDir);
    if (fromExit) return fromExit;
    const claim = readClaim(h.jobDir);
    const launched = this.launched.get(h.id);
    // The claim of this job's runner; an older one is a previous submission's, left in a reused folder.
    const ours = claim.kind !== 'none' && (launched === undefined || claim.claim.generation > launched.afterGeneration);
    // A live claim is the job running, whichever runner took it (ours may have lost to another).
    if (claim.kind === 'live') return { state: 'RUNNING' };
    if (launched?.runnerExit === null && !ours) return { state: 'RUNNING' }; // spawned, claiming
    // Cancelled before the runner could write its exit record (e.g. before its handlers were up).
    if (existsSync(jobFiles.cancelled(h.jobDir))) return { state: 'CANCELLED' };
    if (launched && !ours) {
      const e = launched.runnerExit!;
      return {
        state: 'FAILED',
        exitCode: e.exitCode ?? -1,
        signal: 0,
        reason: `job runner ended (${e.signal ?? `exit ${e.exitCode}`}) before claiming ${h.jobDir}; see ${jobFiles.runnerLog(h.jobDir)}`,
      };
    }
    if (claim.kind === 'none') return { state: 'UNKNOWN', detail: `no runner has claimed ${h.jobDir}` };
    // The runner may have written exit.json between the two reads.
    return (
      stateFromExitRecord(h.jobDir) ?? {
        state: 'FAILED',
        exitCode: -1,
        signal: 9,
        reason: `runner pid ${claim.claim.pid} is gone without an exit record (killed by SIGKILL?)`,
      }
    );
  }

  private runningIn(key: string): number {
    let n = 0;
    for (const a of this.active.values()) if (a.throttleKey === key) n += 1;
    return n;
  }

  /** Starts queued jobs while slots are free, in order, honouring dependencies and array throttles. */
  private pump(): void {
    for (const [id, a] of this.active) {
      const st = this.stateOf(a.handle);
      if (isTerminal(st) || (st.state === 'UNKNOWN' && !existsSync(a.handle.jobDir))) this.active.delete(id);
    }
    for (let i = 0; i < this.queue.length && this.active.size < this.opts.maxConcurrent; ) {
      const q = this.queue[i]!;
      const gate = this.dependencyGate(q.spec);
      if (gate === 'never') {
        this.queue.splice(i, 1);
        this.neverSatisfied.add(q.handle.id);
        continue;
      }
      const throttled = q.throttleKey !== null && this.runningIn(q.throttleKey) >= (this.throttles.get(q.throttleKey) ?? Infinity);
      if (gate === 'wait' || throttled) {
        i += 1;
        continue;
      }
      this.queue.splice(i, 1);
      this.launch(q);
    }
  }

  private dependencyGate(spec: JobSpec): 'go' | 'wait' | 'never' {
    if (!spec.dependsOn) return 'go';
    const states = spec.dependsOn.jobs.map((h) => this.stateOf(h));
    if (states.some((s) => !isTerminal(s))) return 'wait';
    if (spec.dependsOn.type === 'afterok' && states.some((s) => s.state !== 'COMPLETED')) return 'never';
    return 'go';
  }

  private launch(q: Queued): void {
    // Durable before the spawn: a successor of an orchestrator killed right after it waits for the claim.
    const intent = writeLaunchIntent(q.spec.jobDir);
    const log = openSync(jobFiles.runnerLog(q.spec.jobDir), 'a');
    const child = execa(process.execPath, [RUNNER_PATH, jobFiles.spec(q.spec.jobDir)], {
      cwd: q.spec.cwd,
      detached: true, // its own process group, so cancel reaches the runner and its job
      cleanup: false, // outlive the orchestrator: a restarted one re-attaches
      stdin: 'ignore',
      // A raw fd is handed to spawn natively (no pipe through us, so the runner's output survives
      // our death); execa's types only admit fds 3–9 here, hence the casts.
      stdout: log as unknown as 'ignore',
      stderr: log as unknown as 'ignore',
      reject: false,
    });
    closeSync(log);
    this.active.set(q.handle.id, { handle: q.handle, throttleKey: q.throttleKey, pid: child.pid ?? null });
    const launched: Launched = { afterGeneration: intent.afterGeneration, runnerExit: null };
    this.launched.set(q.handle.id, launched);
    void child.then((r) => {
      launched.runnerExit = { exitCode: r.exitCode ?? null, signal: r.signal ?? null };
      // A duplicate runner exits at once; the job goes on under the claim holder, which keeps the slot.
      const claim = readClaim(q.spec.jobDir);
      if (claim.kind === 'live') this.active.set(q.handle.id, { handle: q.handle, throttleKey: q.throttleKey, pid: claim.claim.pid });
      else this.active.delete(q.handle.id);
      this.pump();
    });
  }
}

/** The handle of a runner, from its claim or its started.json (the same pid and start time). */
function handleOf(runner: { pid: number; procStart: string | null }, jobDir: string): JobHandle {
  return { executor: 'local', id: `local-${runner.pid}-${runner.procStart ?? 'x'}`, jobDir };
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}
