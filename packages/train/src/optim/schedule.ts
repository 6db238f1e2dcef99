// Learning-rate multipliers with transformers' exact formulas (optimization.py):
// get_constant_schedule_with_warmup, get_linear_schedule_with_warmup, get_cosine_schedule_with_warmup
// (num_cycles 0.5). The k-th optimizer step (k = 0-based) uses lr = baseLr * lrMultiplier(k), so with
// warmup the very first step has lr 0, as in HF's Trainer.
import { BertfitError } from '@bertfit/core';

export type SchedulerName = 'constant' | 'linear' | 'cosine';

export interface ScheduleOptions {
  scheduler: SchedulerName;
  /** Optimizer steps (after accumulation) of linear warmup from 0. */
  warmupSteps: number;
  /** Total optimizer steps of the run (where linear and cosine reach 0). */
  totalSteps: number;
}

function checkCount(what: string, v: number): void {
  if (!Number.isSafeInteger(v) || v < 0) throw new BertfitError(`lrMultiplier: ${what} is ${v}, expected a non-negative integer`);
}

export function lrMultiplier(step0: number, opts: ScheduleOptions): number {
  checkCount('step0', step0);
  checkCount('warmupSteps', opts.warmupSteps);
  checkCount('totalSteps', opts.totalSteps);
  const { warmupSteps: w, totalSteps: n } = opts;
  if (step0 < w) return step0 / Math.max(1, w);
  switch (opts.scheduler) {
    case 'constant':
      return 1;
    case 'linear':
      return Math.max(0, (n - step0) / Math.max(1, n - w));
    case 'cosine': {
      const progress = (step0 - w) / Math.max(1, n - w);
      return Math.max(0, 0.5 * (1 + Math.cos(Math.PI * 0.5 * 2 * progress)));
    }
    default: {
      const never: never = opts.scheduler;
      throw new BertfitError(`lrMultiplier: unknown scheduler ${JSON.stringify(never)} (constant, linear, cosine)`);
    }
  }
}
