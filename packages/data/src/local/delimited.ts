import { DataError } from '../data-error.js';

/** A parsed text table: header names and string cells, with the 1-based line each record starts on. */
export interface TextTable {
  columns: string[];
  rows: string[][];
  lines: number[];
}

/**
 * Strict CSV/TSV parser (RFC 4180 quoting: a field that starts with `"` is quoted, `""` escapes a
 * quote, quoted fields may span lines). Unlike arquero's reader it refuses ragged rows and
 * unterminated quotes, naming the line, because a silently shifted column would mislabel data.
 */
export function parseDelimited(text: string, delimiter: ',' | '\t', file: string): TextTable {
  const records: string[][] = [];
  const lines: number[] = [];
  let line = 1;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const n = text.length;
  while (i < n) {
    const startLine = line;
    const fields: string[] = [];
    for (;;) {
      let value = '';
      if (text[i] === '"') {
        const quoteLine = line;
        i++;
        for (;;) {
          const q = text.indexOf('"', i);
          if (q < 0) throw new DataError(`${file}:${quoteLine}: unterminated quoted field`);
          const chunk = text.slice(i, q);
          for (let k = 0; k < chunk.length; k++) if (chunk.charCodeAt(k) === 10) line++;
          value += chunk;
          if (text[q + 1] === '"') {
            value += '"';
            i = q + 2;
          } else {
            i = q + 1;
            break;
          }
        }
        const next = text[i];
        if (next !== undefined && next !== delimiter && next !== '\n' && next !== '\r') {
          // The stray quote is usually on the line where the field opened, not where the scan ended.
          const span = line === quoteLine ? '' : ` (the quoted field opened on line ${quoteLine} and ran to line ${line}: a quote inside an unquoted-looking field?)`;
          throw new DataError(`${file}:${quoteLine}: unexpected ${JSON.stringify(next)} after a closing quote${span}`);
        }
      } else {
        let j = i;
        while (j < n) {
          const c = text[j];
          if (c === delimiter || c === '\n' || c === '\r') break;
          j++;
        }
        value = text.slice(i, j);
        i = j;
      }
      fields.push(value);
      if (text[i] === delimiter) {
        i++;
        continue;
      }
      if (text[i] === '\r') i++;
      if (text[i] === '\n') i++;
      line++;
      break;
    }
    // A blank line (one empty field) separates nothing; skipping it loses no data.
    if (fields.length === 1 && fields[0] === '') continue;
    records.push(fields);
    lines.push(startLine);
  }
  const header = records.shift();
  lines.shift();
  if (header === undefined) throw new DataError(`${file}: empty file (no header row)`);
  const seen = new Map<string, number>();
  header.forEach((name, k) => {
    const first = seen.get(name);
    if (first !== undefined) {
      throw new DataError(`${file}:1: the header names column "${name}" twice (columns ${first + 1} and ${k + 1}); which one holds the data is ambiguous`);
    }
    seen.set(name, k);
  });
  records.forEach((r, k) => {
    if (r.length !== header.length) {
      throw new DataError(`${file}:${lines[k]}: row ${k} has ${r.length} fields, the header has ${header.length} (${header.join(', ')})`);
    }
  });
  return { columns: header, rows: records, lines };
}
