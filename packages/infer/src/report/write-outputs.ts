// predictions.jsonl (or .csv) + metrics.json, written through core's replaceDir (a temporary sibling folder
// renamed into place), so the output folder holds all its files or none.
import { writeFile } from 'node:fs/promises';
import { BertfitError, errorMessage, replaceDir } from '@bertfit/core';
import type { TextRow } from '@bertfit/data';
import type { InferMetrics } from './infer-metrics.js';
import { predictionsCsv } from './predictions-csv.js';

export type PredictionsFormat = 'jsonl' | 'csv';
export const PREDICTIONS_FORMATS: readonly PredictionsFormat[] = ['jsonl', 'csv'];

export interface PredictionRow {
  /** The file's id (data.idColumn, or its "id" column), else the 0-based data row. */
  id: string | number;
  text: string;
  /** The row's label; absent when the data has none. */
  label?: string;
  prediction: string;
  probabilities: Record<string, number>;
}

/** One row per scored text; `labels` (ids per row) null for unlabelled data. */
export function predictionRows(rows: TextRow[], labelIds: number[] | null, predictions: number[], probs: number[][], labels: string[]): PredictionRow[] {
  return rows.map((r, i) => ({
    id: r.id ?? r.index,
    text: r.text,
    ...(labelIds === null ? {} : { label: labels[labelIds[i]!]! }),
    prediction: labels[predictions[i]!]!,
    probabilities: Object.fromEntries(labels.map((name, c) => [name, probs[i]![c]!])),
  }));
}

/** Writes the predictions, and metrics.json when there are metrics (labelled data). */
export async function writeOutputs(outDir: string, rows: PredictionRow[], metrics: InferMetrics | null, labels: string[], format: PredictionsFormat): Promise<void> {
  try {
    await replaceDir(outDir, async (tmp) => {
      const predictions = format === 'csv' ? predictionsCsv(rows, labels) : `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`;
      await writeFile(`${tmp}/predictions.${format}`, predictions);
      if (metrics) await writeFile(`${tmp}/metrics.json`, `${JSON.stringify(metrics, null, 2)}\n`);
    });
  } catch (err) {
    throw new BertfitError(`writing inference outputs to ${outDir} failed: ${errorMessage(err)}`, { cause: err });
  }
}
