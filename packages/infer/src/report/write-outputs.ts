// predictions.jsonl (or .csv) + metrics.json, written into a temporary sibling folder that is renamed into
// place, so the output folder holds all its files or none.
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { BertfitError } from '@bertfit/config';
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
  const tmp = `${outDir}.tmp-${process.pid}-${Date.now()}`;
  const old = `${outDir}.old-${process.pid}-${Date.now()}`;
  try {
    await mkdir(dirname(outDir), { recursive: true });
    await mkdir(tmp);
    const predictions = format === 'csv' ? predictionsCsv(rows, labels) : rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
    await writeFile(`${tmp}/predictions.${format}`, predictions);
    if (metrics) await writeFile(`${tmp}/metrics.json`, `${JSON.stringify(metrics, null, 2)}\n`);
    await rename(outDir, old).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
    });
    await rename(tmp, outDir);
    await rm(old, { recursive: true, force: true });
  } catch (err) {
    await rm(tmp, { recursive: true, force: true });
    throw new BertfitError(`writing inference outputs to ${outDir} failed: ${(err as Error).message}`, { cause: err });
  }
}
