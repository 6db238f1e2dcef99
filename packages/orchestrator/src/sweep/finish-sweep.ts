import { join } from 'node:path';
import { writeJsonAtomic } from '../json-file.js';
import { JOB_ENV } from '../jobs/commands.js';
import type { InferScores } from '../jobs/result-files.js';
import { BASELINE_FILE, runDataBaseline, type BowBaselineResult } from '../report/bow-baseline.js';
import { writeSweepReport } from '../report/sweep-report.js';
import { readRecord } from '../records/read-record.js';
import { bowBaseline } from '../records/sweep-records.js';
import { leaderboard, writeLeaderboard, type LeaderboardRow } from './leaderboard.js';
import { scoreBestOnTest } from './score-test.js';
import { trials, type SweepContext } from './sweep-context.js';
import { safeName } from './sweep-plan.js';
import { bestRunConfig, validationSplit } from './trial-config.js';
import type { TrialRecord } from './trial-record.js';

export interface SweepSummary {
  sweepDir: string;
  records: TrialRecord[];
  leaderboard: LeaderboardRow[];
  best: TrialRecord | null;
  /** The best trial's test-split metrics (scored once, after the sweep); null when not scored. */
  test: InferScores | null;
  /** A bag-of-words logistic regression on the same data, scored on the test split beside it. */
  baseline: BowBaselineResult | null;
  files: { markdown: string; json: string; bestConfig: string | null; report: string };
}

/** Every trial is done: the leaderboard, best-config.json, the best trial's test score, the baseline and the report. */
export async function finishSweep(ctx: SweepContext): Promise<SweepSummary> {
  const { config, sweepDir, log } = ctx;
  const all = trials(ctx);
  const rows = leaderboard(all, config.train.metricForBest, config.train.greaterIsBetter);
  const files = writeLeaderboard(sweepDir, rows, { metric: config.train.metricForBest, greaterIsBetter: config.train.greaterIsBetter, split: validationSplit(config) });
  const bestRow = rows[0]?.rank === 1 ? rows[0] : null;
  const best = bestRow ? all.find((r) => r.index === bestRow.index)! : null;
  let bestConfig: string | null = null;
  if (best) {
    bestConfig = join(sweepDir, 'best-config.json');
    writeJsonAtomic(bestConfig, bestRunConfig(config, best, `${safeName(config.name)}-${ctx.id}-best`));
  }
  const cancelled = all.filter((r) => r.state === 'cancelled').length;
  log(
    `sweep done: ${all.filter((r) => r.state === 'completed').length}/${all.length} trials completed${cancelled ? `, ${cancelled} cancelled outside the orchestrator` : ''}; leaderboard ${files.markdown}`,
  );
  const test = best ? await scoreBestOnTest(sweepDir, best, { executor: ctx.executor, commands: ctx.commands, poll: ctx.poll, log, env: JOB_ENV, signal: ctx.signal }) : null;
  const baselineFile = join(sweepDir, BASELINE_FILE);
  const kept = readRecord(baselineFile, bowBaseline, 'baseline'); // a finished sweep run again reuses it
  const baseline = kept ?? (test ? await runDataBaseline(config, log) : null);
  if (baseline && !kept) writeJsonAtomic(baselineFile, baseline);
  const report = await writeSweepReport(sweepDir, { onWarning: log });
  return { sweepDir, records: all, leaderboard: rows, best, test, baseline, files: { ...files, bestConfig, report: report.summary } };
}
