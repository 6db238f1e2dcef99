import { join, relative } from 'node:path';
import { writeFileAtomicSync } from '@bertfit/core';
import { writeJsonAtomic } from '../json-file.js';
import { trialRunDir, type TrialRecord } from './trial-record.js';

export interface LeaderboardRow {
  rank: number | null;
  index: number;
  name: string;
  overrides: Record<string, unknown>;
  state: TrialRecord['state'];
  value: number | null;
  metrics: Record<string, number> | null;
  attempts: number;
  requeues: number;
  error: string | null;
  /** The trial's (latest) run dir and its best checkpoint; absent in leaderboards written before they were added. */
  runDir?: string | null;
  bestCheckpoint?: string | null;
}

/** What the scores are: the metric, its direction, and the split it was measured on. */
export interface LeaderboardMetric {
  metric: string;
  greaterIsBetter: boolean;
  split: string;
}

/** Completed trials ranked by `metric` (ties: lower index first), the rest after them, unranked. */
export function leaderboard(records: readonly TrialRecord[], metric: string, greaterIsBetter: boolean): LeaderboardRow[] {
  const value = (r: TrialRecord): number | null => (r.state === 'completed' && typeof r.metrics?.[metric] === 'number' ? r.metrics[metric]! : null);
  const ranked = records.filter((r) => value(r) !== null).sort((a, b) => (greaterIsBetter ? value(b)! - value(a)! : value(a)! - value(b)!) || a.index - b.index);
  const rest = records.filter((r) => value(r) === null).sort((a, b) => a.index - b.index);
  return [...ranked, ...rest].map((r, i) => ({
    rank: value(r) !== null ? i + 1 : null,
    index: r.index,
    name: r.name,
    overrides: r.overrides,
    state: r.state,
    value: value(r),
    metrics: r.metrics,
    attempts: r.attempts,
    requeues: r.requeues,
    error: r.error,
    runDir: trialRunDir(r),
    bestCheckpoint: r.bestCheckpoint,
  }));
}

function cell(v: unknown): string {
  return (typeof v === 'string' ? v : JSON.stringify(v)).replace(/\|/g, '\\|').replace(/\n/g, '\\n');
}

/** The table; run dirs and checkpoints are shown relative to `baseDir`, the folder the markdown file is in. */
export function leaderboardMarkdown(rows: readonly LeaderboardRow[], metric: string, baseDir: string): string {
  const paths = [...new Set(rows.flatMap((r) => Object.keys(r.overrides)))];
  const where = (p: string | null | undefined): string => (p ? cell(relative(baseDir, p) || '.') : '–');
  const head = ['rank', 'trial', ...paths, metric, 'state', 'attempts', 'requeues', 'run dir', 'best checkpoint'];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  for (const r of rows) {
    const vals = [
      r.rank ?? '–',
      r.index,
      ...paths.map((p) => cell(r.overrides[p])),
      r.value === null ? '–' : r.value.toFixed(4),
      r.state + (r.error ? ` (${cell(r.error)})` : ''),
      r.attempts,
      r.requeues,
      where(r.runDir),
      where(r.bestCheckpoint),
    ];
    lines.push(`| ${vals.join(' | ')} |`);
  }
  return `${lines.join('\n')}\n`;
}

/** Writes leaderboard.md and leaderboard.json into `dir` (the sweep folder); returns their paths. */
export function writeLeaderboard(dir: string, rows: readonly LeaderboardRow[], m: LeaderboardMetric): { markdown: string; json: string } {
  const markdown = join(dir, 'leaderboard.md');
  const json = join(dir, 'leaderboard.json');
  const intro = [
    `# Sweep leaderboard: ${m.metric} on ${m.split}`,
    '',
    `Trials are ranked by their best ${m.metric} (${m.greaterIsBetter ? 'higher' : 'lower'} is better) on ${m.split}, ` +
      `the score of the checkpoint train.metricForBest kept. Paths are relative to this folder, ${dir}.`,
    rows[0]?.rank === 1 ? `The best trial's config is best-config.json: \`bertfit train --config best-config.json\` trains it as a fresh run.` : 'No trial completed.',
    '',
  ];
  writeFileAtomicSync(markdown, `${intro.join('\n')}\n${leaderboardMarkdown(rows, m.metric, dir)}`);
  writeJsonAtomic(json, { ...m, rows });
  return { markdown, json };
}
