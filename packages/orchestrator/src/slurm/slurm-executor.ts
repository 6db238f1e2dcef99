import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BertfitError } from '@bertfit/core';
import { writeJsonAtomic } from '../json-file.js';
import type { ArrayOptions, Executor, JobHandle, JobSpec } from '../jobs/executor.js';
import { jobFiles, recordCancel, stateFromExitRecord } from '../jobs/job-files.js';
import { fromSlurmState, isTerminal, type JobState } from '../jobs/job-state.js';
import { RUNNER_PATH } from '../jobs/runner-path.js';
import { duplicateHolderJobId } from './duplicate-runner.js';
import { findJobcompRecord, parseSacct, parseScontrolJobs, parseSqueue, SQUEUE_FORMAT } from './parse.js';
import { buildSbatchArgs, parseSbatchOutput, slurmJobName } from './sbatch-args.js';
import { SlurmClient, SlurmCommandError } from './slurm-client.js';
import type { SlurmConfig } from './slurm-config.js';

/** Splits a handle id into its array job id and task (`7_2`), or a plain job id. */
function splitId(id: string): { base: string; task: string | null } {
  const m = /^(\d+)_(\d+)$/.exec(id);
  return m ? { base: m[1]!, task: m[2]! } : { base: id, task: null };
}

/**
 * Runs jobs through sbatch (the job runner is the batch script; the spec travels as a JSON file),
 * watches them with squeue, and resolves jobs squeue no longer lists through scontrol, `sacct -c`,
 * the jobcomp log and finally the runner's own exit record. Terminal states are cached.
 */
export class SlurmExecutor implements Executor {
  readonly kind = 'slurm' as const;
  private readonly final = new Map<string, JobState>();
  /** Raw job id of array tasks (needed by sacct -c, which is not array-aware). */
  private readonly rawIds = new Map<string, string>();
  private jobcompPath: string | null | undefined;

  constructor(
    private readonly cfg: SlurmConfig,
    private readonly client: SlurmClient = new SlurmClient(),
  ) {}

  async submit(spec: JobSpec): Promise<JobHandle> {
    mkdirSync(spec.jobDir, { recursive: true });
    writeJsonAtomic(jobFiles.spec(spec.jobDir), spec);
    const args = buildSbatchArgs(
      {
        name: spec.name,
        cwd: spec.cwd,
        logFile: join(spec.jobDir, 'slurm-%j.out'),
        resources: spec.resources,
        array: null,
        dependency: spec.dependsOn ? { type: spec.dependsOn.type, ids: spec.dependsOn.jobs.map((j) => j.id) } : null,
        script: [RUNNER_PATH, jobFiles.spec(spec.jobDir)],
      },
      this.cfg,
    );
    const id = await this.sbatch(args, spec.name);
    return { executor: 'slurm', id, jobDir: spec.jobDir };
  }

  async submitArray(specs: readonly JobSpec[], opts: ArrayOptions): Promise<JobHandle[]> {
    if (specs.length === 0) return [];
    mkdirSync(opts.dir, { recursive: true });
    for (const s of specs) {
      mkdirSync(s.jobDir, { recursive: true });
      writeJsonAtomic(jobFiles.spec(s.jobDir), s);
    }
    const taskFile = join(opts.dir, `${slurmJobName(opts.name)}.tasks.json`);
    writeJsonAtomic(taskFile, { tasks: specs });
    const first = specs[0]!;
    const args = buildSbatchArgs(
      {
        name: opts.name,
        cwd: first.cwd,
        logFile: join(opts.dir, 'slurm-%A_%a.out'),
        resources: first.resources,
        array: { size: specs.length, throttle: opts.throttle ?? null },
        dependency: null,
        script: [RUNNER_PATH, taskFile],
      },
      this.cfg,
    );
    const id = await this.sbatch(args, opts.name);
    return specs.map((s, i) => ({ executor: 'slurm', id: `${id}_${i}`, jobDir: s.jobDir }));
  }

  async status(handles: readonly JobHandle[]): Promise<Map<string, JobState>> {
    const out = new Map<string, JobState>();
    const open = handles.filter((h) => {
      const f = this.final.get(h.id);
      if (f) out.set(h.id, f);
      return !f;
    });
    if (open.length === 0) return out;
    const bases = [...new Set(open.map((h) => splitId(h.id).base))];
    const text = await this.client.run('squeue', ['-h', '-t', 'all', '-r', '-j', bases.join(','), '-o', SQUEUE_FORMAT]);
    const rows = parseSqueue(text);
    for (const h of open) {
      const { base, task } = splitId(h.id);
      const row = rows.find((r) => (task === null ? r.jobId === base && r.taskId === null : r.arrayJobId === base && r.taskId === task));
      let state: JobState;
      if (row) {
        if (task !== null) this.rawIds.set(h.id, row.jobId);
        state = fromSlurmState(row.state, { reason: row.reason });
        if (state.state === 'FAILED') state = (await this.fromScontrol(h.id)) ?? state;
      } else {
        state = await this.resolveVanished(h);
      }
      const holder = isTerminal(state) ? duplicateHolderJobId(h.jobDir, this.rawIds.get(h.id) ?? h.id) : null;
      if (holder) state = (await this.status([{ ...h, id: holder }])).get(holder) ?? state;
      if (isTerminal(state)) this.final.set(h.id, state);
      out.set(h.id, state);
    }
    return out;
  }

  async cancel(handles: readonly JobHandle[]): Promise<void> {
    const open = handles.filter((h) => !this.final.has(h.id));
    // Recorded before scancel: SLURM's CANCELLED does not say who cancelled (no slurmdbd here).
    for (const h of open) recordCancel(h.jobDir);
    if (open.length > 0)
      await this.client.run(
        'scancel',
        open.map((h) => h.id),
      );
  }

  async reattach(spec: JobSpec, where?: { arrayName: string; arrayIndex: number }): Promise<JobHandle | null> {
    const name = slurmJobName(where?.arrayName ?? spec.name);
    const rows = parseSqueue(await this.client.run('squeue', ['-h', '-t', 'all', '-r', '-n', name, '-o', SQUEUE_FORMAT]));
    const hit = where ? rows.filter((r) => r.taskId === String(where.arrayIndex)) : rows.filter((r) => r.taskId === null);
    const last = hit.sort((a, b) => Number(b.arrayJobId) - Number(a.arrayJobId))[0];
    if (last) return { executor: 'slurm', id: where ? `${last.arrayJobId}_${where.arrayIndex}` : last.jobId, jobDir: spec.jobDir };
    // Purged from slurmctld's memory: the runner's record still names the job.
    const started = existsSync(jobFiles.started(spec.jobDir)) ? (JSON.parse(readFileSync(jobFiles.started(spec.jobDir), 'utf8')) as { slurmJobId: string | null }) : null;
    if (started?.slurmJobId) return { executor: 'slurm', id: started.slurmJobId, jobDir: spec.jobDir };
    return null;
  }

  async close(): Promise<void> {}

  /** Submits; on a transient failure looks for the job by name before retrying, so it is never sent twice. */
  private async sbatch(args: string[], name: string): Promise<string> {
    const before = new Set(await this.idsNamed(name));
    const out = await this.client.run('sbatch', args, async () => {
      const now = (await this.idsNamed(name)).filter((id) => !before.has(id));
      return now.length > 0 ? now.sort((a, b) => Number(b) - Number(a))[0]! : null;
    });
    return parseSbatchOutput(out);
  }

  private async idsNamed(name: string): Promise<string[]> {
    const rows = parseSqueue(await this.client.run('squeue', ['-h', '-t', 'all', '-n', slurmJobName(name), '-o', SQUEUE_FORMAT]));
    return [...new Set(rows.map((r) => (r.arrayJobId !== r.jobId && r.taskId !== null ? r.arrayJobId : r.jobId)))];
  }

  private async fromScontrol(id: string): Promise<JobState | null> {
    try {
      const recs = parseScontrolJobs(await this.client.run('scontrol', ['-o', 'show', 'job', id]));
      const rec = recs[0];
      if (!rec?.JobState) return null;
      return fromSlurmState(rec.JobState, { reason: rec.Reason, exitCode: rec.ExitCode });
    } catch (err) {
      if (err instanceof SlurmCommandError && /Invalid job id/i.test(err.stderr)) return null;
      throw err;
    }
  }

  /** squeue no longer lists the job: ask scontrol, then sacct -c, then the jobcomp log, then the runner. */
  private async resolveVanished(h: JobHandle): Promise<JobState> {
    const viaScontrol = await this.fromScontrol(h.id);
    if (viaScontrol) return viaScontrol;
    const { base, task } = splitId(h.id);
    const raw = task === null ? base : this.rawIds.get(h.id);
    if (raw !== undefined) {
      try {
        const rows = parseSacct(await this.client.run('sacct', ['-c', '-n', '--parsable2', '-j', raw, '-o', 'JobID,State,ExitCode']));
        const row = rows.find((r) => r.jobId === raw);
        if (row) return fromSlurmState(row.state, { exitCode: row.exitCode });
      } catch (err) {
        if (!(err instanceof SlurmCommandError) || err.transient) throw err;
      }
    }
    const comp = await this.jobcompRecord(task === null ? { jobId: base } : { arrayJobId: base, taskId: task });
    if (comp?.JobState) return fromSlurmState(comp.JobState, { exitCode: comp.ExitCode });
    const own = stateFromExitRecord(h.jobDir);
    if (own) return own;
    return { state: 'UNKNOWN', detail: `job ${h.id} is not known to squeue, scontrol, sacct -c or the jobcomp log, and left no exit record in ${h.jobDir}` };
  }

  private async jobcompRecord(target: { jobId?: string; arrayJobId?: string; taskId?: string }): Promise<Record<string, string> | null> {
    if (this.jobcompPath === undefined) {
      try {
        const conf = await this.client.run('scontrol', ['show', 'config']);
        const line = conf.split('\n').find((l) => /^JobCompLoc\s*=/.test(l));
        this.jobcompPath = line ? line.split('=').slice(1).join('=').trim() || null : null;
        if (this.jobcompPath && !this.jobcompPath.startsWith('/')) this.jobcompPath = null;
      } catch (err) {
        throw new BertfitError('reading JobCompLoc from `scontrol show config` failed', { cause: err });
      }
    }
    if (!this.jobcompPath || !existsSync(this.jobcompPath)) return null;
    return findJobcompRecord(readFileSync(this.jobcompPath, 'utf8'), target);
  }
}
