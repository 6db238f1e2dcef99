/** `orchestrator.slurm` of the run config (the schema in @bertfit/config, README "Configuration"). */
export interface SlurmConfig {
  partition: string | null;
  /** Time limit as sbatch takes it: `MM`, `HH:MM:SS`, `D-HH:MM:SS`. */
  time: string | null;
  cpusPerTask: number | null;
  /** Memory per node as sbatch takes it, e.g. `16G`. */
  mem: string | null;
  /** Generic resources as sbatch takes them, e.g. `gpu:1`. */
  gres: string | null;
  /** `--gpus-per-task`: the job sees these GPUs as cuda:0..N-1 (train.devices "auto" maps them). */
  gpusPerTask: number | null;
  account: string | null;
  /** Extra sbatch arguments, one array element per argument (never split on spaces). */
  extraArgs: string[];
}
