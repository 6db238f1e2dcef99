import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { z } from 'zod';
import { BertfitError, writeFileAtomic } from '@bertfit/core';
import { METRICS_LOG_PATH, readMetricsLog, type LogOptions } from '../../rundir/metrics-log.js';
import { readJsonFile } from '../../rundir/read-json-file.js';
import { RUN_CONFIG_FILE } from '../../rundir/run-dir.js';
import type { SelectionConfig } from '../early-stopping.js';
import { curveSpecs } from './curves.js';
import { writeCharts, type ChartFiles } from './render.js';
import { bestEvaluation, summaryMarkdown } from './summary.js';

export interface ReportPaths {
  dir: string;
  summary: string;
  charts: ChartFiles[];
}

/** What the report reads of run-config.json; the rest of the config is not its business. */
const savedSelectionSchema = z.looseObject({
  name: z.string().optional(),
  train: z.looseObject({ metricForBest: z.string().optional(), greaterIsBetter: z.boolean().optional() }).optional(),
});

/** Selection settings from run-config.json (train.metricForBest / greaterIsBetter), else the recipe's. */
async function selectionOf(runDir: string): Promise<{ name: string; selection: SelectionConfig }> {
  const fallback = { name: basename(runDir), selection: { metricForBest: 'f1_macro', greaterIsBetter: true } };
  const path = join(runDir, RUN_CONFIG_FILE);
  if (!existsSync(path)) return fallback;
  const cfg = await readJsonFile(path, savedSelectionSchema);
  return {
    name: cfg.name ?? fallback.name,
    selection: { metricForBest: cfg.train?.metricForBest ?? 'f1_macro', greaterIsBetter: cfg.train?.greaterIsBetter ?? true },
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
