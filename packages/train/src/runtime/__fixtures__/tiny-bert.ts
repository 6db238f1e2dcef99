// The runtime tests' tiny BERT (1 layer, H 16, 2 heads, dropout 0.1) and a padded batch of 2 × 4 tokens.
import type { Batch } from '@bertfit/data';
import { parseBertConfig } from '../../models/bert-config.js';

export const tinyCfg = parseBertConfig(
  {
    vocab_size: 50,
    hidden_size: 16,
    num_hidden_layers: 1,
    num_attention_heads: 2,
    intermediate_size: 32,
    max_position_embeddings: 16,
    type_vocab_size: 2,
    layer_norm_eps: 1e-12,
    hidden_dropout_prob: 0.1,
    attention_probs_dropout_prob: 0.1,
    hidden_act: 'gelu',
    id2label: { 0: 'a', 1: 'b' },
    initializer_range: 0.5,
  },
  'test config',
);

export const tinyBatch: Batch = {
  size: 2,
  seqLen: 4,
  inputIds: Int32Array.of(1, 7, 9, 2, 1, 5, 0, 0),
  attentionMask: Int32Array.of(1, 1, 1, 1, 1, 1, 0, 0),
  tokenTypeIds: new Int32Array(8),
  labels: Int32Array.of(0, 1),
};
