// Tokenization throughput over the whole train split, and the padding share of batches with and
// without length grouping. Uses ../shared (real tweets, bert-base-uncased vocab) when present,
// else the demo set and its tokenizer. Timings on a shared machine are noisy: read them as rough.
import { join } from 'node:path';
import { sharedDir } from '@bertfit/config';
import { batchIterator, demoDataset, demoTokenizer, loadLocalDataset, loadTokenizer, type BertTokenizer, type Example } from '../src/index.js';

const shared = sharedDir();
let examples: Example[];
let tokenizer: BertTokenizer;
let source: string;
const t0 = performance.now();
if (shared) {
  const file = join(shared, 'data', 'tweet_sentiment_extraction', 'train.jsonl');
  ({ examples } = await loadLocalDataset({ file, textColumn: 'text', labelColumn: 'label', labels: ['negative', 'neutral', 'positive'], emptyText: 'keep' }));
  tokenizer = await loadTokenizer(join(shared, 'models', 'bert-base-uncased'));
  source = 'train.jsonl + bert-base-uncased vocab.txt';
} else {
  examples = demoDataset().train;
  tokenizer = demoTokenizer();
  source = 'demo set (no ../shared)';
}
const t1 = performance.now();
const texts = examples.map((e) => e.text);
const { inputIds } = tokenizer.encode(texts, { maxLength: 128 });
const t2 = performance.now();
const seconds = (t2 - t1) / 1000;
console.log(`source: ${source}; load + tokenizer setup ${((t1 - t0) / 1000).toFixed(2)} s`);
console.log(`tokenized ${texts.length} texts in ${seconds.toFixed(2)} s: ${Math.round(texts.length / seconds)} tweets/s`);

const encoded = { inputIds, labels: examples.map((e) => e.label) };
for (const groupByLength of [false, true]) {
  let padded = 0;
  let total = 0;
  for (const b of batchIterator(encoded, { batchSize: 64, shuffle: true, seed: 42, epoch: 0, dropLast: true, groupByLength })) {
    total += b.attentionMask.length;
    for (const m of b.attentionMask) padded += 1 - m;
  }
  console.log(`padding share, batch 64, groupByLength ${groupByLength}: ${((100 * padded) / total).toFixed(1)} % of ${total} token slots`);
}
