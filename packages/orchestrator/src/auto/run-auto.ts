import { BertfitError } from '@bertfit/core';
import type { RunConfigLike } from '../config-types.js';
import { drain } from './auto-actions.js';
import { autoContext, evalSpec, trainSpec, type AutoContext, type AutoOptions } from './auto-context.js';
import { TEST_LEAK_WARNING, type AutoSettings } from './auto-machine.js';
import { writeAutoReport, type AutoSummary } from './auto-report.js';
import { autoJobs, watchAuto } from './watch-auto.js';

export type { AutoOptions } from './auto-context.js';

/**
 * The machine's settings from `orchestrator.auto` (already checked by the config schema). The metric
 * defaults to the run's train.metricForBest with its direction, so auto's best is the trainer's best;
 * a metric named explicitly takes its usual direction (loss is the only lower-is-better one).
 */
export function autoSettings(config: RunConfigLike): AutoSettings {
  const a = config.orchestrator.auto;
  const metric = a.metric ?? config.train.metricForBest;
  const greaterIsBetter = a.metric === null ? config.train.greaterIsBetter : a.metric !== 'loss';
  return { metric, target: a.target, dropPatience: a.dropPatience, selectOn: a.selectOn, greaterIsBetter };
}

/**
 * Trains as a job and evaluates each checkpoint as it appears, in ascending step order, one
 * inference job each; stops on target or drop (cancelling what still runs), backs up each new
 * best atomically, scores test once at the end, and writes the report. Every transition is
 * journalled (auto-journal.ts), so the same command run again after the orchestrator was killed
 * re-attaches to its jobs and evaluates the checkpoints it has not yet seen.
 */
export async function runAuto(config: RunConfigLike, opts: AutoOptions = {}): Promise<AutoSummary> {
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const settings = autoSettings(config);
  const warnings = settings.selectOn === 'test' ? [TEST_LEAK_WARNING] : [];
  for (const w of warnings) log(`auto: warning: ${w}`);
  // The user's limit is kept (it bounds disk); rotation can then delete a checkpoint before its turn.
  if (config.train.saveTotalLimit !== null) {
    log(
      `auto: note: train.saveTotalLimit is ${config.train.saveTotalLimit}; a checkpoint rotated away before its evaluation is skipped (set it to null to evaluate every checkpoint)`,
    );
  }
  const ctx = autoContext(config, settings, opts, log);
  await startTraining(ctx);
  // Resuming: first what was decided but not done, then the evaluation that was in flight.
  await drain(ctx);
  if (ctx.journal.evaluation && !ctx.evalHandle) ctx.evalHandle = await ctx.driver.start(evalSpec(ctx, ctx.journal.evaluation));
  else if (!ctx.journal.evaluation && ctx.journal.machine.inFlight !== null) ctx.vanished.push(ctx.journal.machine.inFlight);

  await ctx.driver.run({ watched: () => autoJobs(ctx), after: (states) => watchAuto(ctx, states), done: () => ctx.finished });
  if (!ctx.finished) {
    // Like a sweep: the jobs keep running and the journal holds the rest, so nothing is lost.
    throw new BertfitError(`auto: interrupted before a stop decision; its jobs keep running; run the same command again to resume ${ctx.workDir}`);
  }
  const machine = ctx.journal.machine;
  const best = machine.best ? { ...machine.best, checkpoint: ctx.bestDir } : null;
  const test = settings.selectOn === 'test' && best ? (machine.evaluated.find((p) => p.step === best.step)?.metrics ?? null) : ctx.journal.test;
  const summary = await writeAutoReport({
    workDir: ctx.workDir,
    runDir: ctx.runDir,
    metric: settings.metric,
    selectOn: settings.selectOn,
    target: settings.target,
    reason: machine.stop!,
    best,
    test,
    evaluated: machine.evaluated,
    warnings,
  });
  log(`auto: done; report at ${summary.files.markdown}`);
  return summary;
}

/** Once the machine has stopped, training is only looked up (for a pending cancel), never submitted. */
async function startTraining(ctx: AutoContext): Promise<void> {
  const j = ctx.journal;
  ctx.train = j.trainEnded ? null : j.machine.stop === null ? await ctx.driver.start(trainSpec(ctx)) : await ctx.executor.reattach(trainSpec(ctx));
  if (ctx.train) ctx.log(`auto: training is job ${ctx.train.id}; watching ${ctx.runDir}`);
}
