import type { Batch } from '@bertfit/data';
import type { LoopState, RunContext } from './run-context.js';

/** One optimizer step as the loop sees it. */
export interface StepOutcome {
  group: Batch[];
  lr: number;
  loss: number;
  gradNorm: number;
  /** Whether the parameter store holds this step's weights (false inside a resident run: no checkpoint, no stop). */
  settled: boolean;
}

/** Runs the optimizer steps of one epoch's groups, yielding each step once it has been taken. */
export type StepsFn = (ctx: RunContext, s: LoopState, groups: Iterable<Batch[]>) => AsyncGenerator<StepOutcome>;
