import type { DropReason, LoadReport } from '../example.js';

const REASONS: Record<DropReason, string> = { 'empty-text': 'empty text', 'null-text': 'null text' };

/** One line saying how many rows a file lost and why (`data.emptyText: "drop"`), or null when it lost none. */
export function dropSummary(report: LoadReport): string | null {
  if (report.dropped.length === 0) return null;
  const counts = new Map<DropReason, number>();
  for (const d of report.dropped) counts.set(d.reason, (counts.get(d.reason) ?? 0) + 1);
  const why = [...counts].map(([reason, n]) => `${n} with ${REASONS[reason]}`).join(', ');
  return `dropped ${report.dropped.length} of ${report.rowsRead} rows from ${report.file}: ${why} (data.emptyText is "drop")`;
}
