import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { AutoTokenizer, env } from '@huggingface/transformers';
import { loadTokenizer } from './bert-tokenizer.js';

const VOCAB = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]', 'hello', ',', 'world', '!', 'un', '##aff', '##able', 'cafe', 'Hello', 'x', '##x'];
const root = mkdtempSync(join(tmpdir(), 'bertfit-tok-'));

function folder(name: string, files: Record<string, string>): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  for (const [file, content] of Object.entries(files)) writeFileSync(join(dir, file), content);
  return dir;
}

describe('loadTokenizer from a vocab.txt-only folder', () => {
  const dir = folder('vocab-only', { 'vocab.txt': `${VOCAB.join('\n')}\n` });

  it('generates a WordPiece tokenizer: lowercase, accents stripped, [CLS]…[SEP], [UNK]', async () => {
    const tok = await loadTokenizer(dir);
    const { inputIds } = tok.encode(['Hello, World!', 'unaffable Café', 'zzz', ''], { maxLength: 32 });
    expect(inputIds.map((ids) => tok.tokens(ids).join(' '))).toEqual(['[CLS] hello , world ! [SEP]', '[CLS] un ##aff ##able cafe [SEP]', '[CLS] [UNK] [SEP]', '[CLS] [SEP]']);
    expect([tok.padTokenId, tok.unkTokenId, tok.clsTokenId, tok.sepTokenId, tok.vocabSize]).toEqual([0, 1, 2, 3, VOCAB.length]);
  });

  it('truncates to maxLength keeping [SEP]', async () => {
    const tok = await loadTokenizer(dir);
    expect(tok.encode(['hello , world ! hello'], { maxLength: 4 }).inputIds).toEqual([[2, 5, 6, 3]]);
    expect(() => tok.encode(['x'], { maxLength: 1 })).toThrow('BertTokenizer.encode: maxLength must be an integer ≥ 2 ([CLS] and [SEP]), got 1');
  });

  it('honours lowercase: false (option or do_lower_case in tokenizer_config.json)', async () => {
    const cased = await loadTokenizer(dir, { lowercase: false });
    expect(cased.tokens(cased.encode(['Hello xx'], { maxLength: 8 }).inputIds[0]!)).toEqual(['[CLS]', 'Hello', 'x', '##x', '[SEP]']);
    const dir2 = folder('cased', { 'vocab.txt': VOCAB.join('\n'), 'tokenizer_config.json': '{"do_lower_case": false}' });
    const tok2 = await loadTokenizer(dir2);
    expect(tok2.tokens(tok2.encode(['Hello'], { maxLength: 8 }).inputIds[0]!)).toEqual(['[CLS]', 'Hello', '[SEP]']);
  });

  it('saves files that load back, and that transformers.js loads by itself', async () => {
    const tok = await loadTokenizer(dir);
    const out = join(root, 'models', 'saved');
    await tok.saveTokenizerFiles(out);
    expect(readFileSync(join(out, 'vocab.txt'), 'utf8')).toBe(`${VOCAB.join('\n')}\n`);
    expect(JSON.parse(readFileSync(join(out, 'tokenizer_config.json'), 'utf8'))).toMatchObject({ pad_token: '[PAD]', do_lower_case: true });
    const again = await loadTokenizer(out);
    expect(again.encode(['Hello, World!'], { maxLength: 16 })).toEqual(tok.encode(['Hello, World!'], { maxLength: 16 }));
    env.allowRemoteModels = false;
    env.localModelPath = dirname(out);
    const hf = await AutoTokenizer.from_pretrained(basename(out));
    const batch = hf(['Hello, World!', 'x'], { padding: true, return_tensor: false });
    expect(batch.input_ids).toEqual([
      [2, 5, 6, 7, 8, 3],
      [2, 14, 3, 0, 0, 0],
    ]);
  });
});

describe('loadTokenizer errors', () => {
  it('a folder with neither tokenizer.json nor vocab.txt', async () => {
    const dir = folder('empty', {});
    await expect(loadTokenizer(dir)).rejects.toThrow(`${dir} has neither tokenizer.json nor vocab.txt`);
  });
  it('a vocabulary without [UNK]', async () => {
    const dir = folder('no-unk', { 'vocab.txt': '[PAD]\n[CLS]\n[SEP]\n[MASK]\nhello\n' });
    await expect(loadTokenizer(dir)).rejects.toThrow(`${join(dir, 'vocab.txt')}: vocabulary has no [UNK] token`);
  });
  it('a broken tokenizer_config.json', async () => {
    const dir = folder('bad-config', { 'vocab.txt': VOCAB.join('\n'), 'tokenizer_config.json': '{oops' });
    await expect(loadTokenizer(dir)).rejects.toThrow(`${join(dir, 'tokenizer_config.json')} is not valid JSON (`);
  });
});
