// predictions.csv: one row per prediction, the probabilities as one column per label, RFC 4180 quoting
// (what the data package's CSV reader reads back).
import type { PredictionRow } from './write-outputs.js';

/** The header and rows; `label` only when the data had labels. */
export function predictionsCsv(rows: PredictionRow[], labels: string[]): string {
  const labelled = rows.length > 0 && rows[0]!.label !== undefined;
  const header = ['id', 'text', ...(labelled ? ['label'] : []), 'prediction', ...labels.map((l) => `probability_${l}`)];
  const lines = rows.map((r) => [r.id, r.text, ...(labelled ? [r.label!] : []), r.prediction, ...labels.map((l) => r.probabilities[l]!)]);
  return `${[header, ...lines].map((cells) => cells.map(csvCell).join(',')).join('\n')}\n`;
}

/** Quotes a cell that holds a comma, quote or line break (doubling its quotes). */
function csvCell(value: string | number): string {
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
