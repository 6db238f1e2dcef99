import { BERT_SPECIAL_TOKENS } from '../tokenizer/tokenizer-json.js';

/**
 * Pre-tokenisation of ASCII text as BERT's BasicTokenizer does it (lowercase, split on whitespace
 * and around punctuation); enough for the demo texts, which are plain ASCII.
 */
export function basicTokens(text: string): string[] {
  return text.toLowerCase().match(/[a-z0-9]+|[^\sa-z0-9]/g) ?? [];
}

/**
 * A small WordPiece vocabulary: the special tokens, every character seen (alone and as a `##`
 * continuation, so any word can be spelled), frequent word endings, then whole words by frequency.
 * Ties break alphabetically, so the vocabulary is the same on every run.
 */
export function buildWordPieceVocab(texts: string[], opts: { maxSize: number; minCount: number }): string[] {
  const words = new Map<string, number>();
  for (const t of texts) for (const w of basicTokens(t)) words.set(w, (words.get(w) ?? 0) + 1);
  const chars = new Set<string>();
  const endings = new Map<string, number>();
  for (const [w, c] of words) {
    for (const ch of w) chars.add(ch);
    for (let k = 2; k <= 4 && k < w.length; k++) endings.set(w.slice(-k), (endings.get(w.slice(-k)) ?? 0) + c);
  }
  const vocab: string[] = [...BERT_SPECIAL_TOKENS];
  const seen = new Set<string>(vocab);
  const add = (tok: string): void => {
    if (!seen.has(tok) && vocab.length < opts.maxSize) {
      seen.add(tok);
      vocab.push(tok);
    }
  };
  const sortedChars = [...chars].sort();
  for (const ch of sortedChars) add(ch);
  for (const ch of sortedChars) if (/[a-z0-9]/.test(ch)) add(`##${ch}`);
  const byCount = (m: Map<string, number>) => [...m].filter(([, c]) => c >= opts.minCount).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  for (const [e] of byCount(endings).slice(0, 64)) add(`##${e}`);
  for (const [w] of byCount(words)) add(w);
  return vocab;
}
