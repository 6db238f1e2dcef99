import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { DataError } from '../data-error.js';
import type { DataFormat, LoadedDataset, LoadedTexts } from '../example.js';
import { decodeUtf8 } from './decode-utf8.js';
import { parseDelimited } from './delimited.js';
import { parseJsonl } from './jsonl.js';
import { readParquet } from './parquet.js';
import { toExamples, type ColumnSpec, type RawRows } from './to-examples.js';
import { errorMessage } from '@bertfit/core';

export interface LocalDatasetOptions extends ColumnSpec {
  file: string;
  /** Defaults to the file extension (.csv, .tsv, .jsonl/.ndjson, .parquet). */
  format?: DataFormat;
}

const EXTENSIONS: Record<string, DataFormat> = {
  '.csv': 'csv',
  '.tsv': 'tsv',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.parquet': 'parquet',
};

export function formatOf(file: string): DataFormat {
  const format = EXTENSIONS[extname(file).toLowerCase()];
  if (format === undefined) {
    throw new DataError(`${file}: cannot tell the format from the extension "${extname(file)}" (use .csv, .tsv, .jsonl, .parquet or pass format)`);
  }
  return format;
}

/** Loads and validates one local dataset file (its texts alone only when opts.labelColumnMissing is "texts"). */
export async function loadLocalDataset(opts: LocalDatasetOptions & { labelColumnMissing?: 'error' }): Promise<LoadedDataset>;
export async function loadLocalDataset(opts: LocalDatasetOptions): Promise<LoadedDataset | LoadedTexts>;
export async function loadLocalDataset(opts: LocalDatasetOptions): Promise<LoadedDataset | LoadedTexts> {
  const format = opts.format ?? formatOf(opts.file);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(opts.file);
  } catch (cause) {
    throw new DataError(`${opts.file}: cannot read file (${(cause as NodeJS.ErrnoException).code ?? errorMessage(cause)})`, { cause });
  }
  const columns = [opts.textColumn, opts.labelColumn, ...(opts.ids ? [opts.ids.column] : [])];
  return toExamples(await rawRows(bytes, opts.file, format, columns), opts);
}

async function rawRows(bytes: Uint8Array, file: string, format: DataFormat, columns: string[]): Promise<RawRows> {
  switch (format) {
    case 'csv':
    case 'tsv': {
      const table = parseDelimited(decodeUtf8(bytes, file), format === 'csv' ? ',' : '\t', file);
      const index = new Map(table.columns.map((c, i) => [c, i]));
      return {
        file,
        format,
        columns: table.columns,
        count: table.rows.length,
        get: (row, column) => table.rows[row]![index.get(column)!],
        line: (row) => table.lines[row]!,
      };
    }
    case 'jsonl': {
      const { records, lines } = parseJsonl(decodeUtf8(bytes, file), file);
      const present = new Set(records.flatMap((r) => Object.keys(r)));
      // A key missing from one object is a missing cell of that row; report it with the row.
      return {
        file,
        format,
        columns: [...present],
        count: records.length,
        get: (row, column) => {
          const record = records[row]!;
          if (!(column in record)) throw new DataError(`${file}:${lines[row]} (row ${row}): missing field "${column}"`);
          return record[column];
        },
        line: (row) => lines[row]!,
      };
    }
    case 'parquet': {
      const { columns: names, records } = await readParquet(bytes, file, columns);
      return { file, format, columns: names, count: records.length, get: (row, column) => records[row]![column], line: () => null };
    }
  }
}
