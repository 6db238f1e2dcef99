// @bertfit/data: datasets in, tokenized batches out.

// Examples and what loading reports about them.
export type { DataFormat, DropReason, DroppedRow, EmptyTextPolicy, Example, LoadReport, LoadedDataset, LoadedTexts, TextRow } from './example.js';
export { DataError } from './data-error.js';

// Loading: local CSV/TSV/JSONL/Parquet files, Hugging Face Hub datasets and snapshots, the embedded demo set.
export { loadLocalDataset, type LocalDatasetOptions } from './local/load-local.js';
export type { ColumnSpec } from './local/to-examples.js';
export { dropSummary } from './local/drop-summary.js';
export { loadHubDataset, type HubDatasetOptions } from './hub/load-hub-dataset.js';
export { hubSnapshot, type HubSnapshot, type HubSnapshotOptions } from './hub/hub-snapshot.js';
export type { RepoType } from './hub/hub-settings.js';
export { HubError } from './hub/hub-error.js';
export { demoDataset, type DemoDataset, type DemoOptions } from './demo/demo-dataset.js';

// Splits and balanced class weights (from the train part only).
export { splitDataset, type Split, type SplitMethod, type SplitOptions } from './split/split-dataset.js';
export { classWeights } from './split/class-weights.js';

// The BERT WordPiece tokenizer: from a model folder, a vocab.txt, or the demo's own vocabulary.
export { BertTokenizer, fromVocab, loadTokenizer, type EncodeOptions, type Encoded } from './tokenizer/bert-tokenizer.js';
export type { WordPieceOptions } from './tokenizer/tokenizer-json.js';
export { demoTokenizer, writeDemoTokenizer } from './demo/demo-tokenizer.js';

// Batching: shuffled (seeded), drop_last, optionally grouped by length.
export { batchIterator, type BatchIteratorOptions, type EncodedDataset, type EpochBatch } from './batch/batch-iterator.js';
export { padBatch, type Batch, type PadOptions } from './batch/pad-batch.js';
export { lengthBatches } from './batch/length-batches.js';
export { numBatches, type BatchOrderOptions } from './batch/batch-order.js';
