import { z } from 'zod';
import { METRIC_NAMES } from './train.js';
import { field, positiveInt, section } from './field.js';

const gridValue = z.union([z.number(), z.string(), z.boolean(), z.null()]);
const searchSpace = z.union([z.array(gridValue).min(1), z.strictObject({ min: z.number(), max: z.number(), log: z.boolean().default(false) })]);

export const orchestratorSchema = section(
  {
    executor: field(z.enum(['local', 'slurm']), 'local', 'where jobs run: local child processes or SLURM batch jobs'),
    slurm: section(
      {
        partition: field(z.string().min(1).nullable(), null, 'sbatch --partition; null = the cluster default'),
        time: field(z.string().min(1).nullable(), null, 'sbatch --time, e.g. "2:00:00"; null = partition default'),
        cpusPerTask: field(positiveInt().nullable(), null, 'sbatch --cpus-per-task'),
        mem: field(z.string().min(1).nullable(), null, 'sbatch --mem, e.g. "16G"'),
        gres: field(z.string().min(1).nullable(), null, 'sbatch --gres, e.g. "gpu:1" (generic resources; for GPUs gpusPerTask is simpler)'),
        gpusPerTask: field(
          positiveInt().nullable(),
          null,
          'sbatch --gpus-per-task: GPUs per job; the job sees them as cuda:0..N-1, which train.devices "auto" picks up; null = none requested',
        ),
        account: field(z.string().min(1).nullable(), null, 'sbatch --account'),
        extraArgs: field(z.array(z.string()), [], 'further sbatch arguments, one per element (never parsed by a shell)'),
      },
      'sbatch settings of every job',
    ),
    auto: section(
      {
        metric: field(
          z.enum(METRIC_NAMES).nullable(),
          null,
          'metric the auto-evaluator tracks per checkpoint; null = train.metricForBest (and its direction, train.greaterIsBetter), so auto and training pick the same best',
        ),
        target: field(z.number().gt(0).max(1).nullable(), null, 'stop once the metric reaches this value (a fraction: 0.7943, not 79.43); null = no target'),
        dropPatience: field(positiveInt(), 1, "consecutive checkpoints worse than their predecessor before stopping (1 = the study's rule)"),
        selectOn: field(z.enum(['validation', 'test']), 'validation', 'split that picks the best checkpoint; "test" reproduces the study but leaks the test set'),
      },
      'the checkpoint auto-evaluator',
    ),
    sweep: section(
      {
        strategy: field(z.enum(['grid', 'random']), 'grid', '"grid": every combination; "random": `trials` seeded draws'),
        grid: field(z.record(z.string(), searchSpace), {}, 'config path → values to try (or {min,max,log} ranges for random search)'),
        trials: field(positiveInt().nullable(), null, 'number of random-search trials (required for "random")'),
        maxConcurrent: field(positiveInt(), 2, 'trials running at once (the %N throttle of a SLURM array)'),
        maxAttempts: field(positiveInt(), 2, 'attempts per trial before it counts as failed'),
        keepCheckpoints: field(
          z.enum(['bestAndLast', 'all']),
          'bestAndLast',
          'checkpoints each trial keeps on disk: "bestAndLast" (its best by train.metricForBest and its newest, for a resume; the trial runs with train.saveTotalLimit 1, so older ones are deleted as it goes) or "all" (train.saveTotalLimit as configured)',
        ),
      },
      'hyper-parameter sweeps',
    ),
  },
  'running jobs: executors, the auto-evaluator and sweeps',
);
