import type { ResolvedConfig } from '@bertfit/config';
import { BertfitError } from '@bertfit/core';
import { demoDataset, loadHubDataset, loadLocalDataset, splitDataset, type Example, type LoadReport } from '@bertfit/data';

/** The examples of one run, split as the config says, with what the loaders reported. */
export interface RunData {
  train: Example[];
  validation: Example[];
  /** null when the source has no test split (a local source without testFile). */
  test: Example[] | null;
  labels: string[];
  reports: LoadReport[];
}

type DataConfig = ResolvedConfig['data'];

async function loadSplits(data: DataConfig, seed: number, wantTest: boolean): Promise<{ trainFile: Example[]; test: Example[] | null; reports: LoadReport[] }> {
  const columns = { textColumn: data.textColumn, labelColumn: data.labelColumn, labels: [...data.labels], emptyText: data.emptyText };
  switch (data.source) {
    case 'demo': {
      const demo = demoDataset({ seed });
      if (demo.labels.join() !== data.labels.join()) {
        throw new BertfitError(`data.labels is ${JSON.stringify(data.labels)}, but the demo set's labels are ${JSON.stringify(demo.labels)}`);
      }
      return { trainFile: demo.train, test: demo.test, reports: [] };
    }
    case 'local': {
      const train = await loadLocalDataset({ file: data.trainFile!, ...columns });
      const test = wantTest && data.testFile ? await loadLocalDataset({ file: data.testFile, ...columns }) : null;
      return { trainFile: train.examples, test: test?.examples ?? null, reports: [train.report, ...(test ? [test.report] : [])] };
    }
    case 'hub': {
      const hub = { dataset: data.dataset, revision: data.revision, ...columns };
      const train = await loadHubDataset({ ...hub, split: 'train' });
      const test = wantTest ? await loadHubDataset({ ...hub, split: 'test' }) : null;
      return { trainFile: train.examples, test: test?.examples ?? null, reports: [train.report, ...(test ? [test.report] : [])] };
    }
  }
}

/**
 * Loads the configured source and splits its train file into train and validation (test is separate).
 * `wantTest: false` skips reading the test split, which training never looks at.
 */
export async function loadRunData(config: ResolvedConfig, opts: { wantTest?: boolean } = {}): Promise<RunData> {
  const data = config.data;
  const { trainFile, test, reports } = await loadSplits(data, config.seed, opts.wantTest ?? true);
  const { train, validation } = splitDataset(trainFile, { ...data.split });
  if (train.length === 0 || validation.length === 0) {
    throw new BertfitError(
      `data: the ${data.split.method} split of ${trainFile.length} examples left ${train.length} for training and ${validation.length} for validation; ` +
        'use more data or change data.split.validationFraction',
    );
  }
  return { train, validation, test, labels: [...data.labels], reports };
}
