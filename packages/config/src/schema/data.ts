import { z } from 'zod';
import { field, nonNegativeInt, section } from './field.js';

export const dataSchema = section(
  {
    source: field(
      z.enum(['hub', 'local', 'demo']),
      'hub',
      'where examples come from: "hub" (a Hugging Face dataset repo), "local" (trainFile/testFile), "demo" (the embedded demo set)',
    ),
    dataset: field(z.string().min(1), 'mteb/tweet_sentiment_extraction', 'Hub dataset repo id (source "hub")'),
    revision: field(z.string().min(1), 'main', 'Hub revision: branch, tag or commit sha (source "hub")'),
    trainFile: field(
      z.string().min(1).nullable(),
      null,
      'local train file: .csv, .tsv, .jsonl or .parquet (source "local"); relative paths resolve against the config file\'s folder, or against the current directory for --set',
    ),
    testFile: field(
      z.string().min(1).nullable(),
      null,
      'local test file, same formats (source "local"); null = no test split; relative paths resolve against the config file\'s folder, or against the current directory for --set',
    ),
    textColumn: field(z.string().min(1), 'text', 'column (or JSON field) holding the text'),
    labelColumn: field(z.string().min(1), 'label', 'column holding the label: an id into `labels`, or a label name'),
    idColumn: field(
      z.string().min(1).nullable(),
      null,
      'column whose values name each row in `bertfit infer`\'s predictions; null = "id" when the file has that column, else the row number',
    ),
    labels: field(z.array(z.string().min(1)).min(2), ['negative', 'neutral', 'positive'], 'label names in id order; names found in files map through this list'),
    split: section(
      {
        method: field(
          z.enum(['head', 'stratified']),
          'head',
          '"head": first (1 - validationFraction) of the file trains, the rest validates, in file order; "stratified": seeded, class proportions kept',
        ),
        validationFraction: field(z.number().gt(0).lt(1), 0.1, 'share of the train file held out for validation (0 < f < 1)'),
        seed: field(nonNegativeInt(), 42, 'seed of the stratified split'),
      },
      'how the train file is split into train and validation (test is a separate split)',
    ),
    emptyText: field(z.enum(['keep', 'drop', 'error']), 'keep', 'policy for empty or whitespace-only texts: keep them, drop them (counted and reported), or fail'),
    maxLength: field(z.number().int().min(2).max(8192), 128, 'maximum sequence length in tokens, [CLS] and [SEP] included; longer texts are truncated'),
  },
  'the dataset, its columns and labels, the split and tokenization length',
);
