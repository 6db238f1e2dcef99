import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { loadTokenizer } from '../tokenizer/bert-tokenizer.js';
import { demoDataset } from './demo-dataset.js';
import { writeDemoTokenizer } from './demo-tokenizer.js';
import { buildWordPieceVocab } from './wordpiece-vocab.js';

describe('demoDataset', () => {
  it('is deterministic, sized, three labels roughly balanced', () => {
    const a = demoDataset();
    expect(a).toEqual(demoDataset());
    expect(a.labels).toEqual(['negative', 'neutral', 'positive']);
    expect(a.train).toHaveLength(3000);
    expect(a.test).toHaveLength(600);
    for (const label of [0, 1, 2]) {
      const c = a.train.filter((e) => e.label === label).length;
      expect(c).toBeGreaterThan(900);
      expect(c).toBeLessThan(1100);
    }
    expect(demoDataset({ size: 50, seed: 1 }).train).not.toEqual(demoDataset({ size: 50, seed: 2 }).train);
    expect(a.train.map((e) => e.text)).not.toEqual(a.test.slice(0, 600).map((e) => e.text));
  });

  it('is learnable from words but not trivially: a word-vote baseline sits between chance and 90%', () => {
    // Negation and "but" defeat a plain word vote; label noise caps everything near 90%.
    const { train, test } = demoDataset();
    const pos = new Set(['love', 'great', 'awesome', 'happy', 'amazing', 'fun', 'nice', 'good', 'cool', 'glad']);
    const neg = new Set(['hate', 'awful', 'terrible', 'sad', 'bad', 'boring', 'sick', 'tired', 'sucks', 'worst']);
    const vote = (text: string) => {
      let s = 0;
      for (const w of text.toLowerCase().split(/\W+/)) s += pos.has(w) ? 1 : neg.has(w) ? -1 : 0;
      return s > 0 ? 2 : s < 0 ? 0 : 1;
    };
    const acc = test.filter((e) => vote(e.text) === e.label).length / test.length;
    expect(acc).toBeGreaterThan(0.45);
    expect(acc).toBeLessThan(0.8);
    expect(train.length).toBeGreaterThan(0);
  });
});

describe('demo tokenizer', () => {
  it('builds a WordPiece vocabulary: specials first, characters, frequent words', () => {
    const vocab = buildWordPieceVocab(['the cat sat', 'the cat ran', 'a dog'], { maxSize: 100, minCount: 2 });
    expect(vocab.slice(0, 5)).toEqual(['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]']);
    expect(vocab).toEqual(expect.arrayContaining(['a', 'c', '##t', 'the', 'cat']));
    expect(vocab).not.toContain('dog');
  });

  it('writes loadable files, the same bytes every run, with no [UNK] on demo texts', async () => {
    const d1 = mkdtempSync(join(tmpdir(), 'bertfit-demo-'));
    const d2 = mkdtempSync(join(tmpdir(), 'bertfit-demo-'));
    await writeDemoTokenizer(d1);
    await writeDemoTokenizer(d2);
    for (const f of ['vocab.txt', 'tokenizer.json', 'tokenizer_config.json']) expect(readFileSync(join(d1, f))).toEqual(readFileSync(join(d2, f)));
    const tok = await loadTokenizer(d1);
    const ids = tok
      .encode(
        demoDataset().test.map((e) => e.text),
        { maxLength: 64 },
      )
      .inputIds.flat();
    expect(ids).not.toContain(tok.unkTokenId);
  });
});
