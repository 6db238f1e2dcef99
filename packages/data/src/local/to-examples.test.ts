import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { writeParquet } from '../../test/parquet-writer.js';
import { loadLocalDataset, type LocalDatasetOptions } from './load-local.js';

const dir = mkdtempSync(join(tmpdir(), 'bertfit-to-examples-'));
const base = { textColumn: 'text', labelColumn: 'label', labels: ['negative', 'positive'], emptyText: 'keep' as const };

function file(name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const load = (path: string, extra: Partial<LocalDatasetOptions> = {}) => loadLocalDataset({ file: path, ...base, ...extra });

describe('toExamples: unlabelled files and ids', () => {
  it('refuses a file without its label column unless texts alone are asked for, and names data.labelColumn', async () => {
    const path = file('new.csv', 'id,text\na7,hello\nb9,bye\n');
    await expect(loadLocalDataset({ file: path, ...base })).rejects.toThrow(
      `${path}: missing column "label" (columns: id, text); set data.labelColumn to the column that holds the labels (\`bertfit infer\` also scores files without labels)`,
    );
    const loaded = await load(path, { labelColumnMissing: 'texts' });
    expect(loaded).toEqual({
      texts: [
        { index: 0, text: 'hello' },
        { index: 1, text: 'bye' },
      ],
      report: expect.objectContaining({ rowsRead: 2, kept: 2, classCounts: [] }),
    });
  });

  it('keeps the id column when asked, falls back to row numbers only when allowed', async () => {
    const path = file('ids.jsonl', '{"id":17,"text":"a","label":1}\n{"id":"x-2","text":"b","label":"negative"}\n');
    const { examples, report } = await loadLocalDataset({ file: path, ...base, ids: { column: 'id', ifMissing: 'error' } });
    expect(examples).toEqual([
      { index: 0, text: 'a', label: 1, id: 17 },
      { index: 1, text: 'b', label: 0, id: 'x-2' },
    ]);
    expect(report.idColumn).toBe('id');
    const noIds = file('noids.csv', 'text,label\na,1\n');
    const fallback = await loadLocalDataset({ file: noIds, ...base, ids: { column: 'id', ifMissing: 'row-number' } });
    expect(fallback.examples).toEqual([{ index: 0, text: 'a', label: 1 }]);
    expect(fallback.report.idColumn).toBeUndefined();
    await expect(loadLocalDataset({ file: noIds, ...base, ids: { column: 'tweet_id', ifMissing: 'error' } })).rejects.toThrow(
      `${noIds}: missing column "tweet_id" (columns: text, label); data.idColumn names it`,
    );
    const empty = file('emptyid.csv', 'id,text,label\n,a,1\n');
    await expect(loadLocalDataset({ file: empty, ...base, ids: { column: 'id', ifMissing: 'error' } })).rejects.toThrow(
      `${empty}:2 (row 0): id column "id" holds "", expected a non-empty string or a number`,
    );
  });

  it('reads an unlabelled Parquet file with its ids', async () => {
    const path = file(
      'new.parquet',
      writeParquet([
        { name: 'tweet_id', type: 'int64', values: [101, 102] },
        { name: 'text', type: 'utf8', values: ['one', 'two'] },
      ]),
    );
    const loaded = await load(path, { labelColumnMissing: 'texts', ids: { column: 'tweet_id', ifMissing: 'error' } });
    expect(loaded).toMatchObject({
      texts: [
        { index: 0, text: 'one', id: 101 },
        { index: 1, text: 'two', id: 102 },
      ],
    });
  });
});
