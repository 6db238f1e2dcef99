import type { JobState } from './job-state.js';

/** Per-job resource requests; SLURM honours them, the local executor ignores them. */
export interface JobResources {
  /** SLURM time limit (`--time`), e.g. `0:30:00` or `2-00:00:00`. */
  time?: string | null;
  cpusPerTask?: number | null;
  /** SLURM memory per node (`--mem`), e.g. `8G`. */
  mem?: string | null;
  gres?: string | null;
  /** SLURM `--gpus-per-task`. */
  gpusPerTask?: number | null;
}

/** One job: a program and its arguments (never a shell string), run by the job runner. */
export interface JobSpec {
  /** Human label; may hold any characters (SLURM sees a sanitised form). */
  name: string;
  /** Program and arguments, passed to the program as they are: no shell ever parses them. */
  argv: readonly string[];
  cwd: string;
  /** Folder owned by this job: spec.json, started.json, exit.json, cancelled.json, logs. */
  jobDir: string;
  env?: Readonly<Record<string, string>>;
  resources?: JobResources;
  /** Start only after these jobs end (afterok: all COMPLETED; afterany: any end state). */
  dependsOn?: { type: 'afterok' | 'afterany'; jobs: readonly JobHandle[] };
}

/** What identifies a submitted job across orchestrator restarts; stored in ledgers as is. */
export interface JobHandle {
  executor: 'local' | 'slurm';
  /** SLURM: `123` or `123_4` (array task); local: `local-<pid>` once started, `queued-<n>` before. */
  id: string;
  jobDir: string;
}

export interface ArrayOptions {
  /** At most this many tasks of the array run at once (SLURM `%N`). */
  throttle?: number;
  /** Label of the whole array (SLURM job name). */
  name: string;
  /** Folder for the array's shared files (task list, SLURM log pattern). */
  dir: string;
}

export interface Executor {
  readonly kind: 'local' | 'slurm';
  submit(spec: JobSpec): Promise<JobHandle>;
  /** One job per spec, submitted as one array where the executor has arrays. */
  submitArray(specs: readonly JobSpec[], opts: ArrayOptions): Promise<JobHandle[]>;
  /** Current state of each handle, keyed by handle id. Vanished jobs are resolved, never assumed done. */
  status(handles: readonly JobHandle[]): Promise<Map<string, JobState>>;
  cancel(handles: readonly JobHandle[]): Promise<void>;
  /**
   * Finds a job submitted earlier (possibly by a killed orchestrator) from its spec, so that it
   * is re-attached instead of submitted twice. `arrayName`/`arrayIndex` locate array tasks.
   */
  reattach(spec: JobSpec, where?: { arrayName: string; arrayIndex: number }): Promise<JobHandle | null>;
  /** Stops background work of the executor itself (not the jobs). */
  close(): Promise<void>;
}
