// predictions.jsonl + metrics.json, written into a temporary sibling folder that is renamed into
// place, so the output folder holds both files or neither.
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { BertfitError } from '@bertfit/config';
import type { Example } from '@bertfit/data';
import type { InferMetrics } from './infer-metrics.js';

export interface PredictionRow {
  id: number;
  text: string;
  label: string;
  prediction: string;
  probabilities: Record<string, number>;
}

export function predictionRows(examples: Example[], predictions: number[], probs: number[][], labels: string[]): PredictionRow[] {
  return examples.map((e, i) => ({
    id: e.index,
    text: e.text,
    label: labels[e.label]!,
    prediction: labels[predictions[i]!]!,
    probabilities: Object.fromEntries(labels.map((name, c) => [name, probs[i]![c]!])),
  }));
}

export async function writeOutputs(outDir: string, rows: PredictionRow[], metrics: InferMetrics): Promise<void> {
  const tmp = `${outDir}.tmp-${process.pid}-${Date.now()}`;
  const old = `${outDir}.old-${process.pid}-${Date.now()}`;
  try {
    await mkdir(dirname(outDir), { recursive: true });
    await mkdir(tmp);
    await writeFile(`${tmp}/predictions.jsonl`, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
    await writeFile(`${tmp}/metrics.json`, `${JSON.stringify(metrics, null, 2)}\n`);
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
