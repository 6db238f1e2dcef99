// Which examples `bertfit infer` scores: a local file (--data), labelled or not, or a split resolved
// through the run config's data section (validation = the data package's split of the train file).
import { existsSync, statSync } from 'node:fs';
import type { ResolvedConfig } from '@bertfit/config';
import { BertfitError } from '@bertfit/core';
import { loadLocalDataset, type TextRow } from '@bertfit/data';
import { loadRunData } from '@bertfit/train';

export type InferSplit = 'test' | 'validation';

export type InferInput = { kind: 'file'; file: string } | { kind: 'split'; split: InferSplit };

/** Where the predictions' ids come from: a column of the file, or the 0-based data row. */
export type IdSource = { kind: 'column'; column: string } | { kind: 'row-number' };

export interface InferExamples {
  /** The rows to score, in file order. */
  rows: TextRow[];
  /** Label id of each row; null when the file has no label column (predictions only, no metrics). */
  labels: number[] | null;
  /** Where the examples came from, e.g. "test split of demo" or a file path. */
  source: string;
  ids: IdSource;
}

/** The id column infer looks for when data.idColumn is null. */
export const DEFAULT_ID_COLUMN = 'id';

/** Loads the examples to score; labels map through the model's id2label. */
export async function loadInferExamples(input: InferInput, config: ResolvedConfig, labels: string[]): Promise<InferExamples> {
  const out = input.kind === 'file' ? await fileExamples(input.file, config, labels) : await splitExamples(input.split, config, labels);
  if (out.rows.length === 0) throw new BertfitError(`infer: ${out.source} has no examples to score`);
  return out;
}

/** A local file: its label column is optional here (new data), its ids come from data.idColumn or "id". */
async function fileExamples(file: string, config: ResolvedConfig, labels: string[]): Promise<InferExamples> {
  if (existsSync(file) && statSync(file).size === 0) {
    throw new BertfitError(`infer: ${file} has no examples to score (the file is empty)`);
  }
  const data = config.data;
  const loaded = await loadLocalDataset({
    file,
    textColumn: data.textColumn,
    labelColumn: data.labelColumn,
    labels,
    emptyText: data.emptyText,
    labelColumnMissing: 'texts',
    ids: data.idColumn === null ? { column: DEFAULT_ID_COLUMN, ifMissing: 'row-number' } : { column: data.idColumn, ifMissing: 'error' },
  });
  const idColumn = loaded.report.idColumn;
  const ids: IdSource = idColumn === undefined ? { kind: 'row-number' } : { kind: 'column', column: idColumn };
  return 'examples' in loaded ? { rows: loaded.examples, labels: loaded.examples.map((e) => e.label), source: file, ids } : { rows: loaded.texts, labels: null, source: file, ids };
}

/** The run's own split, loaded exactly as the trainer loads it (same source, seed and split). */
async function splitExamples(split: InferSplit, config: ResolvedConfig, labels: string[]): Promise<InferExamples> {
  const data = config.data;
  const source = `${split} split of ${data.source === 'hub' ? `${data.dataset}@${data.revision}` : data.source === 'local' ? 'the local files' : 'the demo set'}`;
  const run = await loadRunData({ ...config, data: { ...data, labels } }, { wantTest: split === 'test' });
  const examples = split === 'validation' ? run.validation : run.test;
  if (examples === null) throw new BertfitError(`infer: the test split needs data.testFile (data.source is "local"), but it is null`);
  return { rows: examples, labels: examples.map((e) => e.label), source, ids: { kind: 'row-number' } };
}
