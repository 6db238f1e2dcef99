import { BertfitError } from '@bertfit/core';

/** A dataset file or value that cannot be used; the message names the file, line/row and value. */
export class DataError extends BertfitError {}

/** Where in a file a row came from, for messages: `file:line 5 (row 3)` or `file row 3`. */
export function rowLocation(file: string, row: number, line: number | null): string {
  return line === null ? `${file} row ${row}` : `${file}:${line} (row ${row})`;
}
