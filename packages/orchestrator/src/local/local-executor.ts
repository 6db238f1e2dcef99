import { closeSync, existsSync, mkdirSync, openSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { BertfitError } from '@bertfit/config';
import { writeJsonAtomic } from '../atomic.js';
import type { ArrayOptions, Executor, JobHandle, JobSpec } from '../jobs/executor.js';
import { jobFiles, readStarted, stateFromExitRecord } from '../jobs/job-files.js';
import { isTerminal, type JobState } from '../jobs/job-state.js';
import { isSameProcessAlive } from '../jobs/process-alive.js';
import { RUNNER_PATH } from '../jobs/runner-path.js';

export interface LocalExecutorOptions {
  /** At most this many jobs run at once; the rest wait in submission order. */
  maxConcurrent: number;
  /** Seconds between SIGTERM and SIGKILL on cancel. */
  killGraceSeconds?: number;
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
        continue;
      }
      const started = readStarted(h.jobDir);
      const spawned = this.active.get(h.id)?.pid ?? null;
      const pid = started !== null && isSameProcessAlive(started.pid, started.procStart) ? started.pid : spawned;
      if (pid === null || stateFromExitRecord(h.jobDir) !== null) continue;
      writeJsonAtomic(jobFiles.cancelled(h.jobDir), { cancelledAt: new Date().toISOString() });
      killGroup(pid, 'SIGTERM');
      const grace = (this.opts.killGraceSeconds ?? 5) * 1000;
      const timer = setTimeout(() => {
        if (stateFromExitRecord(h.jobDir) === null) killGroup(pid, 'SIGKILL');
      }, grace);
      timer.unref();
    }
  }

  async reattach(spec: JobSpec): Promise<JobHandle | null> {
    const started = readStarted(spec.jobDir);
    if (started === null) return null;
    const handle: JobHandle = { executor: 'local', id: `local-${started.pid}-${started.procStart ?? 'x'}`, jobDir: spec.jobDir };
    if (isSameProcessAlive(started.pid, started.procStart)) this.active.set(handle.id, { handle, throttleKey: null, pid: started.pid });
    return handle;
  }

  async close(): Promise<void> {
    this.queue.length = 0;
  }

  private enqueue(spec: JobSpec, throttleKey: string | null): JobHandle {
    if (spec.argv.length === 0) throw new BertfitError(`LocalExecutor.submit: job ${JSON.stringify(spec.name)} has an empty argv`);
    mkdirSync(spec.jobDir, { recursive: true });
    // A job dir submitted into again (a re-submitted attempt) must not report the old run's
    // outcome: a stale exit.json/cancelled.json would read as COMPLETED/CANCELLED at once.
    for (const file of [jobFiles.exit, jobFiles.cancelled, jobFiles.started]) rmSync(file(spec.jobDir), { force: true });
    writeJsonAtomic(jobFiles.spec(spec.jobDir), spec);
    const handle: JobHandle = { executor: 'local', id: `local-q${process.pid}-${++this.counter}`, jobDir: spec.jobDir };
    this.queue.push({ handle, spec, throttleKey });
    this.pump();
    return handle;
  }

  private stateOf(h: JobHandle): JobState {
    if (this.cancelledQueued.has(h.id)) return { state: 'CANCELLED' };
    if (this.neverSatisfied.has(h.id)) return { state: 'CANCELLED' };
    const queued = this.queue.find((q) => q.handle.id === h.id);
    if (queued) return { state: 'PENDING', reason: queued.spec.dependsOn ? 'Dependency' : 'Resources' };
    const fromExit = stateFromExitRecord(h.jobDir);
    if (fromExit) return fromExit;
    const started = readStarted(h.jobDir);
    const alive = started !== null && isSameProcessAlive(started.pid, started.procStart);
    // Cancelled before the runner could write its exit record (e.g. before its handlers were up).
    if (!alive && !this.active.has(h.id) && existsSync(jobFiles.cancelled(h.jobDir))) return { state: 'CANCELLED' };
    if (started === null) {
      // Launched by us a moment ago, runner not yet up; otherwise nothing says it ever ran.
      if (this.active.has(h.id)) return { state: 'RUNNING' };
      return { state: 'UNKNOWN', detail: `no started.json in ${h.jobDir}` };
    }
    if (alive) return { state: 'RUNNING' };
    // The runner may have written exit.json between the two reads.
    return (
      stateFromExitRecord(h.jobDir) ?? {
        state: 'FAILED',
        exitCode: -1,
        signal: 9,
        reason: `runner pid ${started.pid} is gone without an exit record (killed by SIGKILL?)`,
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
    const log = openSync(join(q.spec.jobDir, 'runner.log'), 'a');
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
    void child.then(() => {
      this.active.delete(q.handle.id);
      this.pump();
    });
  }
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
