// Which examples `bertfit infer` scores: a local file (--data), or a split resolved through the run
// config's data section (validation = the data package's split of the train file).
import { existsSync, statSync } from 'node:fs';
import { BertfitError, type ResolvedConfig } from '@bertfit/config';
import { demoDataset, loadHubDataset, loadLocalDataset, splitDataset, type Example, type LocalDatasetOptions } from '@bertfit/data';

export type InferSplit = 'test' | 'validation';

/** Where the examples came from, e.g. "test split of demo" or a file path. */
export interface InferExamples {
  examples: Example[];
  source: string;
}

export type InferInput = { kind: 'file'; file: string } | { kind: 'split'; split: InferSplit };

type Columns = Omit<LocalDatasetOptions, 'file' | 'format'>;

/** Loads the examples to score; labels map through the model's id2label. */
export async function loadInferExamples(input: InferInput, data: ResolvedConfig['data'], labels: string[]): Promise<InferExamples> {
  if (input.kind === 'file' && existsSync(input.file) && statSync(input.file).size === 0) {
    throw new BertfitError(`infer: ${input.file} has no examples to score (the file is empty)`);
  }
  const columns: Columns = { textColumn: data.textColumn, labelColumn: data.labelColumn, labels, emptyText: data.emptyText };
  const out = input.kind === 'file'
    ? { examples: (await loadLocalDataset({ file: input.file, ...columns })).examples, source: input.file }
    : await splitExamples(input.split, data, columns);
  if (out.examples.length === 0) throw new BertfitError(`infer: ${out.source} has no examples to score`);
  return out;
}

async function splitExamples(split: InferSplit, data: ResolvedConfig['data'], columns: Columns): Promise<InferExamples> {
  const source = `${split} split of ${data.source === 'hub' ? `${data.dataset}@${data.revision}` : data.source === 'local' ? 'the local files' : 'the demo set'}`;
  const file = async (which: 'train' | 'test'): Promise<Example[]> => {
    switch (data.source) {
      case 'demo': {
        if (!sameLabels(columns.labels, demoDataset({ size: 1 }).labels)) {
          throw new BertfitError(`infer: the demo set's labels ${JSON.stringify(demoDataset({ size: 1 }).labels)} differ from the model's id2label ${JSON.stringify(columns.labels)}`);
        }
        return demoDataset()[which];
      }
      case 'local': {
        const path = which === 'train' ? data.trainFile : data.testFile;
        if (path === null) throw new BertfitError(`infer: the ${split} split needs data.${which}File (data.source is "local"), but it is null`);
        return (await loadLocalDataset({ file: path, ...columns })).examples;
      }
      case 'hub':
        return (await loadHubDataset({ dataset: data.dataset, revision: data.revision, split: which, ...columns })).examples;
    }
  };
  if (split === 'test') return { examples: await file('test'), source };
  const { validation } = splitDataset(await file('train'), data.split);
  return { examples: validation, source };
}

function sameLabels(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
