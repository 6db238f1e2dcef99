import { BertfitError } from '@bertfit/core';
import type { RunConfigLike } from '../config-types.js';
import { finishSweep, type SweepSummary } from './finish-sweep.js';
import { Ledger } from './ledger.js';
import { openTrials, sweepContext, trials, type SweepOptions } from './sweep-context.js';
import { planLines, planSweep } from './sweep-plan.js';
import { reattachInFlight, submitPending } from './submit-trials.js';
import { isTrialDone } from './trial-record.js';
import { submittedTrials, watchTrials } from './watch-trials.js';

export type { SweepOptions } from './sweep-context.js';
export type { SweepSummary } from './finish-sweep.js';

/**
 * Runs (or resumes) a grid/random sweep: one training job per trial, submitted as array tasks,
 * the ledger rewritten at every transition. Re-running after the orchestrator was killed keeps
 * finished trials, re-attaches running ones and never submits a trial twice.
 */
export async function runSweep(config: RunConfigLike, opts: SweepOptions = {}): Promise<SweepSummary> {
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  // Every trial's config is checked first: a bad path or value fails before any folder or job exists.
  const plan = planSweep(config, opts.sweepDir);
  for (const line of planLines(config, plan)) log(line);
  const ledger = new Ledger(plan.sweepDir);
  ledger.lock();
  try {
    const ctx = sweepContext(config, plan, ledger, opts, log);
    await reattachInFlight(ctx);
    await ctx.driver.run({
      before: () => submitPending(ctx),
      watched: () => submittedTrials(ctx).map((r) => r.job),
      after: (states) => watchTrials(ctx, states),
      done: () => trials(ctx).every(isTrialDone),
    });
    const open = openTrials(ctx);
    if (open > 0) {
      // Aborted: partial trials must not produce a leaderboard or best-config.json that look final.
      throw new BertfitError(
        `sweep ${plan.sweepDir}: interrupted with ${open} of ${ctx.records.size} trials unfinished; no leaderboard written. Jobs already submitted keep running; run the same command again to resume the sweep`,
      );
    }
    return await finishSweep(ctx);
  } finally {
    ledger.unlock();
  }
}
