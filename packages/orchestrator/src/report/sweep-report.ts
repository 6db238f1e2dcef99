import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { BertfitError, writeFileAtomic } from '@bertfit/core';
import { METRICS_LOG_PATH, readMetricsLog, writeCharts, type ChartFiles, type LogOptions } from '@bertfit/train';
import { readRecord } from '../records/read-record.js';
import { bowBaseline, leaderboardFile } from '../records/sweep-records.js';
import { readInferResult, type InferScores } from '../jobs/result-files.js';
import { leaderboardMarkdown, type LeaderboardRow } from '../sweep/leaderboard.js';
import { Ledger } from '../sweep/ledger.js';
import { trialRunDir } from '../sweep/trial-record.js';
import { BEST_TEST_FILE } from '../sweep/score-test.js';
import { BASELINE_FILE, type BowBaselineResult } from './bow-baseline.js';
import { curvesChart, scoreChart, trialLabel, type TrialCurve } from './sweep-charts.js';

export interface SweepReport {
  dir: string;
  summary: string;
  charts: ChartFiles[];
  test: InferScores | null;
  baseline: BowBaselineResult | null;
}

function readLeaderboard(sweepDir: string): { metric: string; rows: LeaderboardRow[] } {
  const file = join(sweepDir, 'leaderboard.json');
  const lb = readRecord(file, leaderboardFile, 'sweep report: leaderboard');
  if (lb === null) throw new BertfitError(`sweep report: ${file} does not exist; the sweep has not finished (run the same sweep command again to resume it)`);
  return lb;
}

/** Each trial's validation curve from its run's logs/metrics.jsonl (trials that never ran have none). */
async function trialCurves(ledger: Ledger, metric: string, options: LogOptions): Promise<TrialCurve[]> {
  const curves: TrialCurve[] = [];
  for (const r of ledger.all()) {
    const runDir = trialRunDir(r);
    if (runDir === null) continue;
    const events = await readMetricsLog(join(runDir, METRICS_LOG_PATH), options);
    const points = events.flatMap((e) => {
      if (e.type !== 'eval') return [];
      // The leaderboard names its metric as a string; an eval event is a plain record of its scores.
      const scores: Readonly<Record<string, unknown>> = e;
      const value = scores[metric];
      return typeof value === 'number' ? [{ step: e.step, value }] : [];
    });
    curves.push({ index: r.index, overrides: r.overrides, points });
  }
  return curves;
}

const fmt = (v: number): string => (Number.isInteger(v) ? String(v) : v.toFixed(4));

function summaryMarkdown(
  dir: string,
  name: string,
  metric: string,
  rows: readonly LeaderboardRow[],
  test: InferScores | null,
  baseline: BowBaselineResult | null,
  charts: readonly ChartFiles[],
): string {
  const done = rows.filter((r) => r.state === 'completed').length;
  const best = rows[0]?.rank === 1 ? rows[0] : null;
  const out = [`# Sweep ${name}`, '', `${done} of ${rows.length} trials completed; trials are compared on their best validation ${metric}.`, ''];
  if (best) out.push(`**Best:** trial ${best.index} (${trialLabel(best.overrides)}), validation ${metric} ${fmt(best.value!)}.`, '');
  if (test) {
    const shown = ['accuracy', 'f1_macro', 'precision_macro', 'recall_macro', 'n'].filter((k) => typeof test[k] === 'number');
    out.push(`**Test split** (the best trial's best checkpoint, scored once): ${shown.map((k) => `${k} ${fmt(test[k]!)}`).join(', ')}.`, '');
  }
  if (baseline) {
    out.push(
      `**Baseline** on the same test split, a bag-of-words logistic regression (${baseline.vocabulary} words, no word order): accuracy ${fmt(baseline.accuracy)}, f1_macro ${fmt(baseline.f1_macro)}.`,
      '',
    );
  }
  out.push('## Leaderboard', '', leaderboardMarkdown(rows, metric, dir));
  if (charts.length > 0) out.push('## Plots', '', ...charts.map((c) => `![${c.title}](${c.name}.png)`), '');
  return out.join('\n');
}

/**
 * Writes `<sweepDir>/report/`: the swept value(s) against the best validation score, every trial's
 * validation curve overlaid (SVG + PNG each, drawn like a run's report), and summary.md with the
 * leaderboard and the test score. Reads only files, so `bertfit report <sweep dir>` can redo it.
 */
export async function writeSweepReport(sweepDir: string, options: LogOptions = {}): Promise<SweepReport> {
  const { metric, rows } = readLeaderboard(sweepDir);
  const testFile = join(sweepDir, BEST_TEST_FILE);
  const test = existsSync(testFile) ? readInferResult(testFile) : null;
  const baseline = readRecord(join(sweepDir, BASELINE_FILE), bowBaseline, 'baseline');
  const curves = await trialCurves(new Ledger(sweepDir), metric, options);
  const dir = join(sweepDir, 'report');
  const specs = [scoreChart(rows, metric), curvesChart(curves, metric)].filter((c) => c !== null);
  const charts = await writeCharts(dir, specs);
  const summary = join(dir, 'summary.md');
  await writeFileAtomic(summary, summaryMarkdown(dir, basename(sweepDir), metric, rows, test, baseline, charts));
  return { dir, summary, charts, test, baseline };
}
