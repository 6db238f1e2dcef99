// The benches' BERT: a named size of SIZES with the full BERT vocabulary and the demo's three labels.
import { type BertConfig, parseBertConfig } from '../src/models/bert-config.js';
import { SIZES } from './sizes.js';

/** The size called `model` (--model) and its parsed config; `label` names the bench in config errors. */
export function benchBertConfig(model: string | undefined, label: string): { size: (typeof SIZES)[string]; cfg: BertConfig } {
  const size = model === undefined ? undefined : SIZES[model];
  if (!size) throw new Error(`unknown model '${model}' (expected ${Object.keys(SIZES).join(', ')})`);
  return { size, cfg: parseBertConfig({ ...size, vocab_size: 30522, id2label: { 0: 'negative', 1: 'neutral', 2: 'positive' } }, `${label} ${model}`) };
}
