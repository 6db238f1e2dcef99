import { describe, it, expect } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { parseBertConfig, readBertConfig, toHfConfigJson, withArchitectureOverrides } from './bert-config.js';
import { parityFile } from '../../test/fixture-paths.js';

// bert-base-uncased's config.json as published (no id2label: HF's default two labels).
const bertBaseUncased = {
  architectures: ['BertForMaskedLM'],
  attention_probs_dropout_prob: 0.1,
  gradient_checkpointing: false,
  hidden_act: 'gelu',
  hidden_dropout_prob: 0.1,
  hidden_size: 768,
  initializer_range: 0.02,
  intermediate_size: 3072,
  layer_norm_eps: 1e-12,
  max_position_embeddings: 512,
  model_type: 'bert',
  num_attention_heads: 12,
  num_hidden_layers: 12,
  pad_token_id: 0,
  position_embedding_type: 'absolute',
  transformers_version: '4.6.0.dev0',
  type_vocab_size: 2,
  use_cache: true,
  vocab_size: 30522,
};

describe('parseBertConfig', () => {
  it('reads the parity config', async () => {
    const cfg = await readBertConfig(parityFile('config.json'));
    expect(cfg).toEqual({
      vocabSize: 1000,
      hiddenSize: 32,
      numHiddenLayers: 2,
      numAttentionHeads: 4,
      intermediateSize: 64,
      maxPositionEmbeddings: 64,
      typeVocabSize: 2,
      layerNormEps: 1e-12,
      hiddenDropoutProb: 0.1,
      attentionProbsDropoutProb: 0.1,
      classifierDropout: null,
      padTokenId: 0,
      initializerRange: 0.02,
      numLabels: 3,
      id2label: ['negative', 'neutral', 'positive'],
      hiddenAct: 'gelu',
    });
  });

  it('reads bert-base-uncased with HF default labels', () => {
    const cfg = parseBertConfig(bertBaseUncased, 'bert-base-uncased/config.json');
    expect(cfg.hiddenSize).toBe(768);
    expect(cfg.id2label).toEqual(['LABEL_0', 'LABEL_1']);
    expect(parseBertConfig({ ...bertBaseUncased, num_labels: 3 }, 'c').id2label).toEqual(['LABEL_0', 'LABEL_1', 'LABEL_2']);
  });

  it('takes HF defaults for absent keys', () => {
    const cfg = parseBertConfig({}, 'c');
    expect([cfg.vocabSize, cfg.numHiddenLayers, cfg.layerNormEps, cfg.numLabels]).toEqual([30522, 12, 1e-12, 2]);
  });

  it('names the file and key on bad values', () => {
    expect(() => parseBertConfig({ hidden_size: 'big' }, 'm/config.json')).toThrow('BertConfig m/config.json: "hidden_size" is "big", expected a positive integer');
    expect(() => parseBertConfig({ hidden_dropout_prob: 1.5 }, 'c')).toThrow('BertConfig c: "hidden_dropout_prob" is 1.5, expected a probability in [0, 1)');
    expect(() => parseBertConfig({ hidden_act: 'gelu_new' }, 'c')).toThrow(
      'BertConfig c: "hidden_act" is "gelu_new", expected "gelu" (exact erf GELU, the only activation implemented)',
    );
    expect(() => parseBertConfig({ hidden_size: 30, num_attention_heads: 4 }, 'c')).toThrow('BertConfig c: "hidden_size" 30 is not a multiple of "num_attention_heads" 4');
    expect(() => parseBertConfig({ id2label: { 0: 'a', 2: 'c' } }, 'c')).toThrow('BertConfig c: "id2label.1" is undefined, expected a label name (ids must be 0..n-1)');
    expect(() => parseBertConfig({ id2label: { 0: 'a' }, num_labels: 2 }, 'c')).toThrow('BertConfig c: "num_labels" is 2, expected 1, the number of id2label entries');
    expect(() => parseBertConfig([], 'c')).toThrow('BertConfig c: expected a JSON object, got []');
  });

  it('names the path of an unreadable or invalid file', async () => {
    await expect(readBertConfig('/nonexistent/config.json')).rejects.toThrow(/^reading BertConfig \/nonexistent\/config\.json failed: ENOENT/);
  });
});

describe('toHfConfigJson', () => {
  it('reproduces the parity fixture config.json exactly', () => {
    const text = readFileSync(parityFile('config.json'), 'utf8');
    const cfg = parseBertConfig(JSON.parse(text), 'c');
    expect(JSON.stringify(toHfConfigJson(cfg), null, 2)).toBe(JSON.stringify(JSON.parse(text), null, 2));
  });

  it('round-trips through parseBertConfig', () => {
    const cfg = parseBertConfig({ ...bertBaseUncased, id2label: { 0: 'neg', 1: 'pos' }, classifier_dropout: 0.2 }, 'c');
    expect(parseBertConfig(toHfConfigJson(cfg), 'again')).toEqual(cfg);
  });
});

describe('withArchitectureOverrides', () => {
  const base = parseBertConfig(bertBaseUncased, 'c');
  it('applies non-null overrides, keeps the rest', () => {
    const mini = withArchitectureOverrides(base, {
      numHiddenLayers: 4,
      hiddenSize: 256,
      numAttentionHeads: 4,
      intermediateSize: 1024,
      dropout: 0,
      id2label: ['a', 'b', 'c'],
    });
    expect([mini.numHiddenLayers, mini.hiddenSize, mini.numAttentionHeads, mini.intermediateSize]).toEqual([4, 256, 4, 1024]);
    expect([mini.hiddenDropoutProb, mini.attentionProbsDropoutProb, mini.numLabels]).toEqual([0, 0, 3]);
    expect(withArchitectureOverrides(base, { hiddenSize: null })).toEqual(base);
  });
  it('validates the result', () => {
    expect(() => withArchitectureOverrides(base, { hiddenSize: 100 }, 'model.architecture')).toThrow(
      'BertConfig model.architecture: "hidden_size" 100 is not a multiple of "num_attention_heads" 12',
    );
    expect(() => withArchitectureOverrides(base, { numHiddenLayers: 0 }, 'model.architecture')).toThrow(
      'BertConfig model.architecture: "numHiddenLayers" is 0, expected a positive integer',
    );
  });
});
