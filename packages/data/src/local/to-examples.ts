import * as aq from 'arquero';
import { DataError, rowLocation } from '../data-error.js';
import type { DataFormat, DroppedRow, EmptyTextPolicy, Example, LoadedDataset, LoadedTexts, TextRow } from '../example.js';

/** Raw rows of one file, before validation: cells by column, and each row's 1-based line (null for Parquet). */
export interface RawRows {
  file: string;
  format: DataFormat;
  columns: string[];
  get(row: number, column: string): unknown;
  count: number;
  line(row: number): number | null;
}

export interface ColumnSpec {
  textColumn: string;
  labelColumn: string;
  /** Label names in id order; names in files map through this list. */
  labels: string[];
  emptyText: EmptyTextPolicy;
  /**
   * A file without the label column: an error (the default, and what training needs), or its texts alone
   * ("texts", for inference on new data).
   */
  labelColumnMissing?: 'error' | 'texts';
  /** Keep each row's id from this column; "row-number" falls back to no id (the row index) when the file lacks it. */
  ids?: { column: string; ifMissing: 'error' | 'row-number' };
}

/** Validates every row and turns it into an Example; nothing is dropped without being reported. */
export function toExamples(raw: RawRows, spec: ColumnSpec & { labelColumnMissing?: 'error' }): LoadedDataset;
/** The same, but a file without the label column gives its texts (inference on unlabelled data). */
export function toExamples(raw: RawRows, spec: ColumnSpec): LoadedDataset | LoadedTexts;
export function toExamples(raw: RawRows, spec: ColumnSpec): LoadedDataset | LoadedTexts {
  requireColumn(raw, spec.textColumn, 'set data.textColumn to the column that holds the texts');
  const labelled = raw.columns.includes(spec.labelColumn);
  if (!labelled && spec.labelColumnMissing !== 'texts') {
    requireColumn(raw, spec.labelColumn, 'set data.labelColumn to the column that holds the labels (`bertfit infer` also scores files without labels)');
  }
  const idColumn = spec.ids && (spec.ids.ifMissing === 'error' || raw.columns.includes(spec.ids.column)) ? spec.ids.column : null;
  if (idColumn !== null) requireColumn(raw, idColumn, 'data.idColumn names it');
  const toLabel = labelled ? labelMapper(spec.labels) : null;
  const examples: Example[] = [];
  const texts: TextRow[] = [];
  const dropped: DroppedRow[] = [];
  let emptyKept = 0;
  for (let row = 0; row < raw.count; row++) {
    const line = raw.line(row);
    const where = (): string => rowLocation(raw.file, row, line);
    const label = toLabel?.(raw.get(row, spec.labelColumn), where);
    const cell = raw.get(row, spec.textColumn);
    if (cell === null || cell === undefined) {
      // A missing value is not an empty tweet: only an explicit "drop" policy may skip it.
      if (spec.emptyText === 'drop') {
        dropped.push({ row, line, reason: 'null-text' });
        continue;
      }
      throw new DataError(`${where()}: text column "${spec.textColumn}" is null (set data.emptyText to "drop" to skip such rows)`);
    }
    if (typeof cell !== 'string') {
      throw new DataError(`${where()}: text column "${spec.textColumn}" holds a ${typeof cell} (${String(cell)}), expected a string`);
    }
    const text = cell;
    if (text.trim() === '') {
      if (spec.emptyText === 'error') {
        throw new DataError(`${where()}: empty text ${JSON.stringify(text)} (data.emptyText is "error")`);
      }
      if (spec.emptyText === 'drop') {
        dropped.push({ row, line, reason: 'empty-text' });
        continue;
      }
      emptyKept++;
    }
    const kept: TextRow = idColumn === null ? { index: row, text } : { index: row, text, id: idOf(raw.get(row, idColumn), idColumn, where) };
    if (label === undefined) texts.push(kept);
    else examples.push({ ...kept, label });
  }
  const report = {
    file: raw.file,
    format: raw.format,
    rowsRead: raw.count,
    kept: labelled ? examples.length : texts.length,
    dropped,
    emptyKept,
    classCounts: labelled ? classCounts(examples, spec.labels.length) : [],
    ...(idColumn === null ? {} : { idColumn }),
  };
  return labelled ? { examples, report } : { texts, report };
}

function requireColumn(raw: RawRows, column: string, hint: string): void {
  if (!raw.columns.includes(column)) {
    throw new DataError(`${raw.file}: missing column "${column}" (columns: ${raw.columns.join(', ')}); ${hint}`);
  }
}

/** An id cell as the user wrote it: a string or a number (Parquet int64s beyond 2^53 stay exact as strings). */
function idOf(value: unknown, column: string, where: () => string): string | number {
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if ((typeof value === 'string' && value.trim() !== '') || (typeof value === 'number' && Number.isFinite(value))) return value;
  throw new DataError(`${where()}: id column "${column}" holds ${JSON.stringify(value) ?? String(value)}, expected a non-empty string or a number`);
}

/** Label cell → id: integer ids (numbers or digit strings) or names from the label list (case-insensitive). */
function labelMapper(labels: string[]): (value: unknown, where: () => string) => number {
  const byName = new Map(labels.map((name, id) => [name.toLowerCase(), id]));
  const range = `0..${labels.length - 1}`;
  return (value, where) => {
    let id: number;
    if (typeof value === 'bigint') value = Number(value);
    if (typeof value === 'number') {
      if (!Number.isInteger(value)) throw new DataError(`${where()}: label ${value} is not an integer label id`);
      id = value;
    } else if (typeof value === 'string') {
      const s = value.trim();
      const named = byName.get(s.toLowerCase());
      if (named !== undefined) return named;
      if (/^[+-]?\d+$/.test(s)) id = Number(s);
      else if (s !== '' && Number.isFinite(Number(s))) throw new DataError(`${where()}: label ${JSON.stringify(value)} is not an integer label id`);
      else throw new DataError(`${where()}: label ${JSON.stringify(value)} is not one of ${labels.join(', ')}`);
    } else {
      throw new DataError(`${where()}: label ${JSON.stringify(value) ?? String(value)} is not one of ${labels.join(', ')} (nor an id ${range})`);
    }
    if (id < 0 || id >= labels.length) throw new DataError(`${where()}: label ${id} is outside the label ids ${range} (${labels.join(', ')})`);
    return id;
  };
}

/** Kept examples per label id, counted through an arquero table (the tabular layer of this package). */
export function classCounts(examples: Example[], numLabels: number): number[] {
  const counts = new Array<number>(numLabels).fill(0);
  if (examples.length === 0) return counts;
  const table = aq
    .table({ label: examples.map((e) => e.label) })
    .groupby('label')
    .count();
  const labels = table.array('label') as ArrayLike<number>;
  const n = table.array('count') as ArrayLike<number>;
  for (let i = 0; i < labels.length; i++) counts[labels[i]!] = n[i]!;
  return counts;
}
