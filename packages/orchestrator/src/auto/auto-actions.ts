import { existsSync } from 'node:fs';
import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import { replaceDir } from '@bertfit/core';
import { checkpointDir, checkpointDirName } from '@bertfit/train';
import { writeJsonAtomic } from '../json-file.js';
import { waitForJobs } from '../jobs/driver.js';
import { describeState } from '../jobs/job-state.js';
import { readInferResult } from '../jobs/result-files.js';
import { autoJob, evalSpec, saveJournal, type AutoContext } from './auto-context.js';
import { autoStep, type AutoAction, type AutoEvent } from './auto-machine.js';

/** An event for the machine: its decisions are journalled first, then carried out. */
export async function feed(ctx: AutoContext, e: AutoEvent): Promise<void> {
  const r = autoStep(ctx.journal.machine, e);
  ctx.journal.machine = r.state;
  ctx.journal.pending.push(...r.actions);
  saveJournal(ctx);
  await drain(ctx);
}

/** Carries out the decided actions in order; each leaves the journal only once it is done. */
export async function drain(ctx: AutoContext): Promise<void> {
  while (ctx.journal.pending.length > 0) {
    await apply(ctx, ctx.journal.pending[0]!);
    ctx.journal.pending.shift();
    saveJournal(ctx);
  }
}

async function apply(ctx: AutoContext, a: AutoAction): Promise<void> {
  switch (a.type) {
    case 'evaluate':
      return evaluate(ctx, a.step, a.split);
    case 'backupBest':
      return backupBest(ctx, a.step);
    case 'cancelTraining':
      if (!ctx.train) return;
      ctx.log(`auto: cancelling training job ${ctx.train.id}`);
      await ctx.executor.cancel([ctx.train]);
      return;
    case 'cancelEvaluation':
      if (ctx.evalHandle) await ctx.executor.cancel([ctx.evalHandle]);
      return;
    case 'scoreTest':
      return scoreTest(ctx, a.step);
    case 'finish':
      ctx.finished = true;
      return;
    default: {
      const bad: never = a;
      throw new Error(`auto: unhandled action ${JSON.stringify(bad)}`);
    }
  }
}

async function evaluate(ctx: AutoContext, step: number, split: 'validation' | 'test'): Promise<void> {
  if (!existsSync(checkpointDir(ctx.runDir, step))) {
    // Rotated away (train.saveTotalLimit) before its turn: skipped, not a crash.
    ctx.log(`auto: warning: ${checkpointDirName(step)} was deleted before its evaluation (train.saveTotalLimit rotation?); skipped`);
    ctx.vanished.push(step);
    ctx.journal.evaluation = null;
    return;
  }
  ctx.journal.evaluation = { step, split };
  ctx.evalHandle = await ctx.driver.start(evalSpec(ctx, ctx.journal.evaluation));
  ctx.log(`auto: evaluating ${checkpointDirName(step)} on ${split} as job ${ctx.evalHandle.id}`);
}

async function backupBest(ctx: AutoContext, step: number): Promise<void> {
  const source = checkpointDir(ctx.runDir, step);
  if (!existsSync(source)) {
    ctx.log(`auto: warning: ${checkpointDirName(step)} (new best) was deleted before its backup (train.saveTotalLimit rotation?); ${ctx.bestDir} keeps the previous best`);
    return;
  }
  const best = ctx.journal.machine.best;
  await replaceDir(ctx.bestDir, (tmp) => cp(source, tmp, { recursive: true }));
  writeJsonAtomic(join(ctx.workDir, 'best.json'), { step, value: best?.value ?? null, metric: ctx.settings.metric, source });
  ctx.log(`auto: new best at step ${step} (${ctx.settings.metric} ${best?.value}); backed up to ${ctx.bestDir}`);
}

async function scoreTest(ctx: AutoContext, step: number): Promise<void> {
  const resultFile = join(ctx.workDir, 'evals', `best-step-${step}.test.json`);
  const h = await ctx.driver.start(autoJob(ctx, `test-${step}`, ctx.commands.infer({ checkpoint: ctx.bestDir, split: 'test', resultFile, configFile: ctx.configFile })));
  const st = (await waitForJobs(ctx.executor, [h], { poll: ctx.poll })).get(h.id)!;
  ctx.journal.test = readInferResult(resultFile); // its own result first, whatever the scheduler's state
  if (!ctx.journal.test) ctx.log(`auto: scoring test on the best checkpoint failed: job ${describeState(st)}, result ${resultFile}`);
}
