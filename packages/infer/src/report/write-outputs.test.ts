import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeOutputs, type PredictionRow } from './write-outputs.js';

const root = mkdtempSync(join(tmpdir(), 'bertfit-write-outputs-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const rows: PredictionRow[] = [{ id: 0, text: 'good', prediction: 'positive', probabilities: { negative: 0.1, positive: 0.9 } }];

describe('writeOutputs', () => {
  it('replaces an --overwrite folder as a whole: the old files go, and no temporary sibling stays', async () => {
    const out = join(root, 'scored');
    mkdirSync(out);
    writeFileSync(join(out, 'metrics.json'), '{"stale":true}');
    await writeOutputs(out, rows, null, ['negative', 'positive'], 'jsonl');
    expect(readdirSync(out)).toEqual(['predictions.jsonl']);
    expect(JSON.parse(readFileSync(join(out, 'predictions.jsonl'), 'utf8'))).toEqual(rows[0]);
    expect(readdirSync(root)).toEqual(['scored']);
  });

  it('names the folder when it cannot be written and leaves what was there', async () => {
    const parent = join(root, 'taken');
    writeFileSync(parent, 'a file where the parent folder should be');
    await expect(writeOutputs(join(parent, 'out'), rows, null, ['negative', 'positive'], 'csv')).rejects.toThrow(
      `writing inference outputs to ${join(parent, 'out')} failed: replacing the folder ${join(parent, 'out')} failed: ENOTDIR`,
    );
    expect(readFileSync(parent, 'utf8')).toBe('a file where the parent folder should be');
  });
});
