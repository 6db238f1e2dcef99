import { fromVocab, type BertTokenizer } from '../tokenizer/bert-tokenizer.js';
import { demoDataset } from './demo-dataset.js';
import { buildWordPieceVocab } from './wordpiece-vocab.js';

/** The demo's tokenizer: a WordPiece vocabulary built from the default demo train texts. */
export function demoTokenizer(): BertTokenizer {
  const { train } = demoDataset();
  const vocab = buildWordPieceVocab(
    train.map((e) => e.text),
    { maxSize: 1000, minCount: 2 },
  );
  return fromVocab(vocab, { lowercase: true, stripAccents: null, handleChineseChars: true });
}

/** Writes vocab.txt, tokenizer.json and tokenizer_config.json of the demo tokenizer into `dir`. */
export async function writeDemoTokenizer(dir: string): Promise<BertTokenizer> {
  const tokenizer = demoTokenizer();
  await tokenizer.saveTokenizerFiles(dir);
  return tokenizer;
}
