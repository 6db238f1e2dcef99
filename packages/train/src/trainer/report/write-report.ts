import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { BertfitError, errorMessage, writeFileAtomic } from '@bertfit/core';
import { METRICS_LOG_PATH, readMetricsLog, type LogOptions } from '../metrics-log.js';
import { RUN_CONFIG_FILE } from '../run-dir.js';
import type { SelectionConfig } from '../early-stopping.js';
import { curveSpecs } from './curves.js';
import { writeCharts, type ChartFiles } from './render.js';
import { bestEvaluation, summaryMarkdown } from './summary.js';

export interface ReportPaths {
  dir: string;
  summary: string;
  charts: ChartFiles[];
}

/** Selection settings from run-config.json (train.metricForBest / greaterIsBetter), else the recipe's. */
async function selectionOf(runDir: string): Promise<{ name: string; selection: SelectionConfig }> {
  const fallback = { name: basename(runDir), selection: { metricForBest: 'f1_macro', greaterIsBetter: true } };
  const text = await readFile(join(runDir, RUN_CONFIG_FILE), 'utf8').catch(() => null);
  if (text === null) return fallback;
  let cfg: { name?: unknown; train?: { metricForBest?: unknown; greaterIsBetter?: unknown } };
  try {
    cfg = JSON.parse(text) as typeof cfg;
  } catch (err) {
    throw new BertfitError(`${join(runDir, RUN_CONFIG_FILE)} is not valid JSON: ${errorMessage(err)}`, { cause: err });
  }
  return {
    name: typeof cfg.name === 'string' ? cfg.name : fallback.name,
    selection: {
      metricForBest: typeof cfg.train?.metricForBest === 'string' ? cfg.train.metricForBest : 'f1_macro',
      greaterIsBetter: typeof cfg.train?.greaterIsBetter === 'boolean' ? cfg.train.greaterIsBetter : true,
    },
  };
}

/** Writes `<runDir>/report/`: one SVG and PNG per curve, and summary.md. Returns the paths written. */
export async function writeReport(runDir: string, options: LogOptions = {}): Promise<ReportPaths> {
  const logPath = join(runDir, METRICS_LOG_PATH);
  const events = await readMetricsLog(logPath, options);
  if (events.length === 0) throw new BertfitError(`${logPath} holds no events (missing or empty); nothing to report`);
  const { name, selection } = await selectionOf(runDir);
  const dir = join(runDir, 'report');
  const evals = events.filter((e) => e.type === 'eval');
  const best = bestEvaluation(evals, selection);
  const charts = await writeCharts(dir, curveSpecs(events, best?.step ?? null));
  const embedded = charts.map((c) => ({ title: c.title, png: `${c.name}.png` }));
  const summary = join(dir, 'summary.md');
  await writeFileAtomic(summary, summaryMarkdown({ runName: name, events, selection, charts: embedded }));
  return { dir, summary, charts };
}
