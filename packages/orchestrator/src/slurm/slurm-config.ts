/** `orchestrator.slurm` of the run config (DESIGN.md's config contract). */
export interface SlurmConfig {
  partition: string | null;
  /** Time limit as sbatch takes it: `MM`, `HH:MM:SS`, `D-HH:MM:SS`. */
  time: string | null;
  cpusPerTask: number | null;
  /** Memory per node as sbatch takes it, e.g. `16G`. */
  mem: string | null;
  gres: string | null;
  account: string | null;
  /** Extra sbatch arguments, one array element per argument (never split on spaces). */
  extraArgs: string[];
}
