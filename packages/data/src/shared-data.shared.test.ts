import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { requireSharedDir } from '@bertfit/config';
import { loadLocalDataset } from './local/load-local.js';
import { splitDataset } from './split/split-dataset.js';
import { classWeights } from './split/class-weights.js';
import { loadTokenizer } from './tokenizer/bert-tokenizer.js';

const shared = requireSharedDir();
const trainFile = join(shared, 'data', 'tweet_sentiment_extraction', 'train.jsonl');
const labels = ['negative', 'neutral', 'positive'];
const load = (emptyText: 'keep' | 'drop' | 'error') => loadLocalDataset({ file: trainFile, textColumn: 'text', labelColumn: 'label', labels, emptyText });

describe('the real train split', () => {
  it('27,481 rows, 7,781 / 11,118 / 8,582, one empty text kept', async () => {
    const { examples, report } = await load('keep');
    expect(report).toMatchObject({ rowsRead: 27481, kept: 27481, emptyKept: 1, dropped: [], classCounts: [7781, 11118, 8582] });
    expect(examples.filter((e) => e.text.trim() === '').map((e) => e.index)).toEqual([314]);
  });

  it('drop reports the empty row; error names it', async () => {
    const { report } = await load('drop');
    expect(report).toMatchObject({ kept: 27480, dropped: [{ row: 314, line: 315, reason: 'empty-text' }], classCounts: [7781, 11117, 8582] });
    await expect(load('error')).rejects.toThrow(`${trainFile}:315 (row 314): empty text "" (data.emptyText is "error")`);
  });

  it('head split 24,732 / 2,749; balanced weights as sklearn computes them', async () => {
    const { examples } = await load('keep');
    const { train, validation } = splitDataset(examples, { method: 'head', validationFraction: 0.1, seed: 42 });
    expect([train.length, validation.length]).toEqual([24732, 2749]);
    expect(validation[0]!.index).toBe(24732);
    const counts = [0, 1, 2].map((c) => train.filter((e) => e.label === c).length);
    // sklearn: n_samples / (n_classes * np.bincount(y))
    const expected = counts.map((c) => train.length / (3 * c));
    const weights = classWeights(train, 3);
    weights.forEach((w, i) => expect(w).toBeCloseTo(expected[i]!, 12));
  });
});

describe('tokenizer vs ../shared/fixtures/tokenizer (bert-base-uncased vocab.txt only)', () => {
  const fixtures = join(shared, 'fixtures', 'tokenizer');
  const model = join(shared, 'models', 'bert-base-uncased');

  it('the first 300 train tweets', async () => {
    const tok = await loadTokenizer(model);
    const { rows } = JSON.parse(readFileSync(join(fixtures, 'train_first300.json'), 'utf8')) as { rows: { text: string; input_ids: number[] }[] };
    expect(rows).toHaveLength(300);
    expect(
      tok.encode(
        rows.map((r) => r.text),
        { maxLength: 128 },
      ).inputIds,
    ).toEqual(rows.map((r) => r.input_ids));
  });

  it('the 30 edge cases at max_length 128 and 8', async () => {
    const tok = await loadTokenizer(model);
    const { cases } = JSON.parse(readFileSync(join(fixtures, 'edge_cases.json'), 'utf8')) as {
      cases: { text_codepoints: number[]; max_length: number; input_ids: number[]; tokens: string[] }[];
    };
    expect(cases.length).toBeGreaterThanOrEqual(60);
    for (const c of cases) {
      const text = String.fromCodePoint(...c.text_codepoints);
      const [ids] = tok.encode([text], { maxLength: c.max_length }).inputIds;
      expect({ text, tokens: tok.tokens(ids!) }).toEqual({ text, tokens: c.tokens });
      expect(ids).toEqual(c.input_ids);
    }
  });
});
