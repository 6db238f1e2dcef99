// Which examples `bertfit infer` scores: a local file (--data), or a split resolved through the run
// config's data section (validation = the data package's split of the train file).
import { existsSync, statSync } from 'node:fs';
import { BertfitError, type ResolvedConfig } from '@bertfit/config';
import { loadLocalDataset, type Example, type LocalDatasetOptions } from '@bertfit/data';
import { loadRunData } from '@bertfit/train';

export type InferSplit = 'test' | 'validation';

/** Where the examples came from, e.g. "test split of demo" or a file path. */
export interface InferExamples {
  examples: Example[];
  source: string;
}

export type InferInput = { kind: 'file'; file: string } | { kind: 'split'; split: InferSplit };

type Columns = Omit<LocalDatasetOptions, 'file' | 'format'>;

/** Loads the examples to score; labels map through the model's id2label. */
export async function loadInferExamples(input: InferInput, config: ResolvedConfig, labels: string[]): Promise<InferExamples> {
  if (input.kind === 'file' && existsSync(input.file) && statSync(input.file).size === 0) {
    throw new BertfitError(`infer: ${input.file} has no examples to score (the file is empty)`);
  }
  const data = config.data;
  const columns: Columns = { textColumn: data.textColumn, labelColumn: data.labelColumn, labels, emptyText: data.emptyText };
  const out = input.kind === 'file'
    ? { examples: (await loadLocalDataset({ file: input.file, ...columns })).examples, source: input.file }
    : await splitExamples(input.split, config, labels);
  if (out.examples.length === 0) throw new BertfitError(`infer: ${out.source} has no examples to score`);
  return out;
}

/** The run's own split, loaded exactly as the trainer loads it (same source, seed and split). */
async function splitExamples(split: InferSplit, config: ResolvedConfig, labels: string[]): Promise<InferExamples> {
  const data = config.data;
  const source = `${split} split of ${data.source === 'hub' ? `${data.dataset}@${data.revision}` : data.source === 'local' ? 'the local files' : 'the demo set'}`;
  const run = await loadRunData({ ...config, data: { ...data, labels } }, { wantTest: split === 'test' });
  if (split === 'validation') return { examples: run.validation, source };
  if (run.test === null) throw new BertfitError(`infer: the test split needs data.testFile (data.source is "local"), but it is null`);
  return { examples: run.test, source };
}
