import { BertfitError } from '@bertfit/core';
import type { JobResources } from '../jobs/executor.js';
import type { SlurmConfig } from './slurm-config.js';

/** SLURM job names: a safe subset, so no value ever reaches a scheduler field unescaped. */
export function slurmJobName(name: string): string {
  const safe = name.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 120);
  return safe === '' ? 'bertfit' : safe;
}

export interface SbatchRequest {
  name: string;
  cwd: string;
  /** `--output`/`--error` target; may use %j/%A/%a; must not otherwise contain '%'. */
  logFile: string;
  resources: JobResources | undefined;
  array: { size: number; throttle: number | null } | null;
  dependency: { type: 'afterok' | 'afterany'; ids: readonly string[] } | null;
  /** The batch script and its arguments (the job runner and its spec file). */
  script: readonly string[];
}

/** The sbatch argument array: config defaults, per-job resources over them, extra args last before the script. */
export function buildSbatchArgs(req: SbatchRequest, cfg: SlurmConfig): string[] {
  for (const [field, value] of [
    ['cwd', req.cwd],
    ['script', req.script.join(' ')],
  ] as const) {
    if (value.includes('\n')) throw new BertfitError(`sbatch: ${field} must not contain a newline, got ${JSON.stringify(value)}`);
  }
  const withoutPatterns = req.logFile.replace(/%[jAa]/g, '');
  if (withoutPatterns.includes('%')) {
    throw new BertfitError(`sbatch: log path ${JSON.stringify(req.logFile)} contains '%', which SLURM would expand; use a folder without '%'`);
  }
  const r = req.resources ?? {};
  // --no-requeue: SLURM's own requeue would re-run the same `train` argv (no --resume) into a
  // non-empty run dir, and REQUEUED→PENDING would hide the loss from the sweep's resume logic.
  const args = ['--parsable', `--job-name=${slurmJobName(req.name)}`, `--chdir=${req.cwd}`, `--output=${req.logFile}`, `--error=${req.logFile}`, '--export=ALL', '--no-requeue'];
  const opt = (flag: string, value: string | number | null | undefined): void => {
    if (value !== null && value !== undefined && value !== '') args.push(`--${flag}=${value}`);
  };
  opt('partition', cfg.partition);
  opt('account', cfg.account);
  opt('time', r.time ?? cfg.time);
  opt('cpus-per-task', r.cpusPerTask ?? cfg.cpusPerTask);
  opt('mem', r.mem ?? cfg.mem);
  opt('gres', r.gres ?? cfg.gres);
  opt('gpus-per-task', r.gpusPerTask ?? cfg.gpusPerTask);
  if (req.array) {
    if (req.array.size < 1) throw new BertfitError(`sbatch: an array needs at least one task, got ${req.array.size}`);
    const throttle = req.array.throttle !== null ? `%${req.array.throttle}` : '';
    args.push(`--array=0-${req.array.size - 1}${throttle}`);
  }
  if (req.dependency && req.dependency.ids.length > 0) {
    args.push(`--dependency=${req.dependency.type}:${req.dependency.ids.join(':')}`);
  }
  args.push(...cfg.extraArgs, ...req.script);
  return args;
}

/** `--parsable` prints `id` or `id;cluster`. */
export function parseSbatchOutput(stdout: string): string {
  const id = stdout.trim().split(';')[0] ?? '';
  if (!/^\d+$/.test(id)) throw new BertfitError(`sbatch --parsable printed ${JSON.stringify(stdout)}, expected a job id`);
  return id;
}
