import { lrMultiplier } from '../optim/schedule.js';
import type { RunContext } from './run-context.js';

/** The learning rate of the optimizer step that follows `step` steps: warmup, then the schedule. */
export function stepLr(ctx: RunContext, step: number): number {
  const t = ctx.config.train;
  return t.learningRate * lrMultiplier(step, { scheduler: t.scheduler, warmupSteps: t.warmupSteps, totalSteps: ctx.prep.totalSteps });
}
