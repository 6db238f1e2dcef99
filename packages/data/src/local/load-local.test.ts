import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { writeParquet } from '../../test/parquet-writer.js';
import { dropSummary } from './drop-summary.js';
import { loadLocalDataset, type LocalDatasetOptions } from './load-local.js';

const dir = mkdtempSync(join(tmpdir(), 'bertfit-data-'));
const labels = ['negative', 'neutral', 'positive'];

function file(name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

function load(path: string, extra: Partial<LocalDatasetOptions> & { labelColumnMissing?: 'error' } = {}) {
  return loadLocalDataset({ file: path, textColumn: 'text', labelColumn: 'label', labels, emptyText: 'keep', ...extra });
}

describe('loadLocalDataset: formats', () => {
  it('reads CSV with quoted fields, embedded newlines and label names', async () => {
    const path = file('a.csv', 'id,text,label\n1,"hi, ""you""",positive\n2,"two\nlines",Negative\r\n3,plain,1\n');
    const { examples, report } = await load(path);
    expect(examples).toEqual([
      { index: 0, text: 'hi, "you"', label: 2 },
      { index: 1, text: 'two\nlines', label: 0 },
      { index: 2, text: 'plain', label: 1 },
    ]);
    expect(report).toMatchObject({ format: 'csv', rowsRead: 3, kept: 3, dropped: [], emptyKept: 0, classCounts: [1, 1, 1] });
  });

  it('reads TSV and JSONL with configurable columns', async () => {
    const tsv = file('b.tsv', 'sentiment\ttweet\nneutral\tok then\npositive\tyay\n');
    const a = await load(tsv, { textColumn: 'tweet', labelColumn: 'sentiment' });
    expect(a.examples.map((e) => [e.text, e.label])).toEqual([
      ['ok then', 1],
      ['yay', 2],
    ]);
    const jsonl = file('c.jsonl', '{"text":"bad","label":0}\n\n{"text":"fine","label_text":"positive","label":2}\n');
    const b = await load(jsonl, { labelColumn: 'label_text' }).catch((e: Error) => e.message);
    expect(b).toBe(`${jsonl}:1 (row 0): missing field "label_text"`);
    const c = await load(jsonl);
    expect(c.examples).toEqual([
      { index: 0, text: 'bad', label: 0 },
      { index: 1, text: 'fine', label: 2 },
    ]);
  });
});

describe('loadLocalDataset: Parquet', () => {
  const pq = () =>
    writeParquet([
      { name: 'text', type: 'utf8', values: ['héllo', '', 'bye'] },
      { name: 'label', type: 'int64', values: [2, 1, 0] },
      { name: 'sentiment', type: 'utf8', values: ['positive', 'neutral', 'nope'] },
    ]);
  it('reads ids from an INT64 column, rows without lines', async () => {
    const { examples, report } = await load(file('a.parquet', pq()), { emptyText: 'drop' });
    expect(examples).toEqual([
      { index: 0, text: 'héllo', label: 2 },
      { index: 2, text: 'bye', label: 0 },
    ]);
    expect(report).toMatchObject({ format: 'parquet', rowsRead: 3, dropped: [{ row: 1, line: null, reason: 'empty-text' }] });
  });
  it('names the column and row group of a damaged page', async () => {
    const bytes = pq();
    bytes[4] = bytes[4]! ^ 0xff; // the first page header, right after the PAR1 magic (column "text")
    const path = file('damaged.parquet', bytes);
    await expect(load(path)).rejects.toThrow(
      new RegExp(`^${path}: cannot decode column "text" in row group 0 \\(rows 0–2\\) \\(.+\\); the file is damaged or was not written completely$`),
    );
  });
  it('names the row of a bad label and a missing column', async () => {
    const path = file('b.parquet', pq());
    await expect(load(path, { labelColumn: 'sentiment' })).rejects.toThrow(`${path} row 2: label "nope" is not one of negative, neutral, positive`);
    await expect(load(path, { textColumn: 'tweet' })).rejects.toThrow(`${path}: missing column "tweet" (columns: text, label, sentiment)`);
  });
});

describe('loadLocalDataset: empty texts follow the policy', () => {
  const content = 'text,label\nfirst,0\n"   ",1\nthird,2\n';
  it('keep counts them', async () => {
    const { examples, report } = await load(file('e1.csv', content));
    expect(examples).toHaveLength(3);
    expect(report.emptyKept).toBe(1);
  });
  it('drop reports row and line, and keeps source indices', async () => {
    const { examples, report } = await load(file('e2.csv', content), { emptyText: 'drop' });
    expect(examples.map((e) => e.index)).toEqual([0, 2]);
    expect(report).toMatchObject({ rowsRead: 3, kept: 2, dropped: [{ row: 1, line: 3, reason: 'empty-text' }], classCounts: [1, 0, 1] });
  });
  it('drop is summarised in one line naming the file and the reasons; null texts are dropped only under drop', async () => {
    const path = file('e4.jsonl', '{"text":"a","label":0}\n{"text":"","label":1}\n{"text":null,"label":2}\n');
    const { report } = await load(path, { emptyText: 'drop' });
    expect(dropSummary(report)).toBe(`dropped 2 of 3 rows from ${path}: 1 with empty text, 1 with null text (data.emptyText is "drop")`);
    expect(dropSummary((await load(file('e5.csv', 'text,label\na,0\n'))).report)).toBeNull();
    await expect(load(path, { emptyText: 'keep' })).rejects.toThrow(`${path}:3 (row 2): text column "text" is null`);
  });
  it('error names the place', async () => {
    const path = file('e3.csv', content);
    await expect(load(path, { emptyText: 'error' })).rejects.toThrow(`${path}:3 (row 1): empty text "   " (data.emptyText is "error")`);
  });
});

describe('loadLocalDataset: bad input is an error naming file, line and value', () => {
  const cases: [string, string | Uint8Array, (p: string) => string][] = [
    ['missing.csv', 'text,lbl\nx,0\n', (p) => `${p}: missing column "label" (columns: text, lbl)`],
    ['outside.csv', 'text,label\nx,0\ny,3\n', (p) => `${p}:3 (row 1): label 3 is outside the label ids 0..2 (negative, neutral, positive)`],
    ['name.csv', 'text,label\nx,happy\n', (p) => `${p}:2 (row 0): label "happy" is not one of negative, neutral, positive`],
    ['float.csv', 'text,label\nx,1.5\n', (p) => `${p}:2 (row 0): label "1.5" is not an integer label id`],
    ['float.jsonl', '{"text":"x","label":1.5}\n', (p) => `${p}:1 (row 0): label 1.5 is not an integer label id`],
    ['null.jsonl', '{"text":"x","label":null}\n', (p) => `${p}:1 (row 0): label null is not one of negative, neutral, positive (nor an id 0..2)`],
    ['ragged.csv', 'text,label\nx,0\ny,1,extra\n', (p) => `${p}:3: row 1 has 3 fields, the header has 2 (text, label)`],
    ['quote.csv', 'text,label\n"open,0\n', (p) => `${p}:2: unterminated quoted field`],
    [
      'stray-quote.csv',
      'text,label\n"a",0\n"b,1\nc,2\nd "e",0\n',
      (p) => `${p}:3: unexpected "e" after a closing quote (the quoted field opened on line 3 and ran to line 5: a quote inside an unquoted-looking field?)`,
    ],
    ['dup-header.csv', 'id,text,text,label\n1,a,b,0\n', (p) => `${p}:1: the header names column "text" twice (columns 2 and 3); which one holds the data is ambiguous`],
    ['null-text.jsonl', '{"text":"x","label":0}\n{"text":null,"label":1}\n', (p) => `${p}:2 (row 1): text column "text" is null (set data.emptyText to "drop" to skip such rows)`],
    ['badjson.jsonl', '{"text":"x","label":0}\n{"text": oops}\n', (p) => `${p}:2: invalid JSON: {"text": oops}`],
    ['array.jsonl', '[1,2]\n', (p) => `${p}:1: expected a JSON object, got [1,2]`],
    ['number.jsonl', '{"text":5,"label":0}\n', (p) => `${p}:1 (row 0): text column "text" holds a number (5), expected a string`],
    ['utf8.csv', Uint8Array.from([...Buffer.from('text,label\nok,0\nbad'), 0xc3, 0x28, ...Buffer.from(',1\n')]), (p) => `${p}:3: invalid UTF-8 at byte 19 (bytes c3 28 2c 31)`],
    ['x.parquet', 'not parquet at all', (p) => `${p}: not a readable Parquet file (`],
    ['empty.csv', '', (p) => `${p}: empty file (no header row)`],
  ];
  it.each(cases)('%s', async (name, content, message) => {
    const path = file(name, content);
    await expect(load(path)).rejects.toThrow(message(path));
  });

  it('an unreadable file', async () => {
    const path = join(dir, 'nope.csv');
    await expect(load(path)).rejects.toThrow(`${path}: cannot read file (ENOENT)`);
  });

  it('an unknown extension', async () => {
    const path = file('data.xlsx', 'x');
    await expect(load(path)).rejects.toThrow(`${path}: cannot tell the format from the extension ".xlsx" (use .csv, .tsv, .jsonl, .parquet or pass format)`);
  });
});
