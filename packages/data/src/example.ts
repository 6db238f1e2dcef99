/** One text of a file, labelled or not. */
export interface TextRow {
  /** 0-based data row of the source file (header excluded) this example came from; kept after dropping, so predictions join back to the file. */
  index: number;
  text: string;
  /** The row's value in the id column, when one was asked for (ColumnSpec.ids). */
  id?: string | number;
}

/** One labelled text, the unit every later stage (split, tokenize, batch) works on. */
export interface Example extends TextRow {
  /** Id into the config's label list. */
  label: number;
}

/** Why a row was left out; every dropped row is listed in the report, never lost silently. */
export type DropReason = 'empty-text' | 'null-text';

export interface DroppedRow {
  /** 0-based data row in the source file. */
  row: number;
  /** 1-based line in a text file (CSV/TSV/JSONL); null for Parquet. */
  line: number | null;
  reason: DropReason;
}

/** What a loader read and what it did with it. */
export interface LoadReport {
  file: string;
  format: DataFormat;
  rowsRead: number;
  kept: number;
  dropped: DroppedRow[];
  /** Empty or whitespace-only texts that were kept (policy `keep`). */
  emptyKept: number;
  /** Kept examples per label id (empty for a file read without labels). */
  classCounts: number[];
  /** The column the rows' ids came from; absent when ids were not asked for or are row numbers. */
  idColumn?: string;
}

export type DataFormat = 'csv' | 'tsv' | 'jsonl' | 'parquet';
export type EmptyTextPolicy = 'keep' | 'drop' | 'error';

export interface LoadedDataset {
  examples: Example[];
  report: LoadReport;
}

/** A file without its label column, read for inference only (ColumnSpec.labelColumnMissing "texts"). */
export interface LoadedTexts {
  texts: TextRow[];
  report: LoadReport;
}
