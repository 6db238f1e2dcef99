import { join } from 'node:path';
import { writeFileAtomic, writeJsonAtomic } from '../atomic.js';
import type { TrialRecord } from './trial-record.js';

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
  }));
}

function cell(v: unknown): string {
  return (typeof v === 'string' ? v : JSON.stringify(v)).replace(/\|/g, '\\|').replace(/\n/g, '\\n');
}

export function leaderboardMarkdown(rows: readonly LeaderboardRow[], metric: string): string {
  const paths = [...new Set(rows.flatMap((r) => Object.keys(r.overrides)))];
  const head = ['rank', 'trial', ...paths, metric, 'state', 'attempts', 'requeues'];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  for (const r of rows) {
    const vals = [r.rank ?? '–', r.index, ...paths.map((p) => cell(r.overrides[p])), r.value === null ? '–' : r.value.toFixed(4), r.state + (r.error ? ` (${cell(r.error)})` : ''), r.attempts, r.requeues];
    lines.push(`| ${vals.join(' | ')} |`);
  }
  return `${lines.join('\n')}\n`;
}

/** Writes leaderboard.md and leaderboard.json into `dir`; returns their paths. */
export function writeLeaderboard(dir: string, rows: readonly LeaderboardRow[], metric: string): { markdown: string; json: string } {
  const markdown = join(dir, 'leaderboard.md');
  const json = join(dir, 'leaderboard.json');
  writeFileAtomic(markdown, `# Sweep leaderboard (${metric})\n\n${leaderboardMarkdown(rows, metric)}`);
  writeJsonAtomic(json, { metric, rows });
  return { markdown, json };
}
