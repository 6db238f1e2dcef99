// The resident path of the training loop (train.stepsPerRun K > 1): up to K optimizer steps per run of
// the resident graph. Logging, evaluation and checkpoints happen between runs, so a run ends at the
// first step that logs, evaluates, saves or is the last; an epoch's end ends it too (the groups come
// per epoch). Groups that cannot be stacked with the run's (a short last group, another batch size)
// take the ordinary path.
import type { Batch } from '@bertfit/data';
import type { LoopState, RunContext } from './run-context.js';
import { stepLr } from './step-lr.js';
import type { StepOutcome, StepsFn } from './step-outcome.js';

/** Steps a run starting after `step` steps may take: up to `k`, ending at a step with a cadence event. */
export function runLength(step: number, k: number, t: { logEvery: number; evalEvery: number; saveEvery: number }, totalSteps: number): number {
  for (let n = 1; n < k; n++) {
    const at = step + n;
    if (at === 1 || at % t.logEvery === 0 || at % t.evalEvery === 0 || at % t.saveEvery === 0 || at >= totalSteps) return n;
  }
  return k;
}

function stackable(group: Batch[], first: Batch[] | undefined, accumulation: number): boolean {
  return group.length === accumulation && group.every((b) => b.size === (first ?? group)[0]!.size);
}

/** Yields every step of the runs in order; a step is `settled` (the store holds its weights) at a run's end. */
export async function* residentSteps(ctx: RunContext, s: LoopState, groups: Iterable<Batch[]>, ordinary: StepsFn): AsyncGenerator<StepOutcome> {
  const t = ctx.config.train;
  const resident = ctx.resident!;
  const it = groups[Symbol.iterator]();
  for (let done = false; !done; ) {
    const run: Batch[][] = [];
    let odd: Batch[] | null = null;
    const want = runLength(s.step, t.stepsPerRun, t, ctx.prep.totalSteps);
    while (run.length < want && odd === null) {
      const next = it.next();
      if (next.done) {
        done = true;
        break;
      }
      if (stackable(next.value, run[0], t.gradientAccumulationSteps)) run.push(next.value);
      else odd = next.value;
    }
    if (run.length > 0) {
      const lrs = run.map((_, k) => stepLr(ctx, s.step + k));
      const r = await resident.run(ctx.prep.store, ctx.optimizer, run, ctx.prep.classWeights, s.step, lrs);
      for (const [k, group] of run.entries()) {
        yield { group, lr: lrs[k]!, loss: r.losses[k]!, gradNorm: r.gradNorms[k]!, settled: k === run.length - 1 };
      }
    }
    if (odd !== null) yield* ordinary(ctx, s, [odd]);
  }
}
