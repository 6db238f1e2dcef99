import { describe, it, expect } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

  it('reads null as absent and ignores keys it does not know', () => {
    const cfg = parseBertConfig({ hidden_size: null, classifier_dropout: null, hidden_act: null, torch_dtype: 'float32', label2id: { x: 0 } }, 'c');
    expect([cfg.hiddenSize, cfg.classifierDropout, cfg.hiddenAct]).toEqual([768, null, 'gelu']);
  });

  it('names the file, key and value on bad values', () => {
    expect(() => parseBertConfig({ hidden_size: 'big' }, 'm/config.json')).toThrow('m/config.json: field hidden_size must be a positive integer, got "big"');
    expect(() => parseBertConfig({ vocab_size: 1.5 }, 'c')).toThrow('c: field vocab_size must be a positive integer, got 1.5');
    expect(() => parseBertConfig({ pad_token_id: -1 }, 'c')).toThrow('c: field pad_token_id must be a non-negative integer, got -1');
    expect(() => parseBertConfig({ layer_norm_eps: 0 }, 'c')).toThrow('c: field layer_norm_eps must be a positive number, got 0');
    expect(() => parseBertConfig({ hidden_dropout_prob: 1.5 }, 'c')).toThrow('c: field hidden_dropout_prob must be a probability in [0, 1), got 1.5');
    expect(() => parseBertConfig({ classifier_dropout: 1 }, 'c')).toThrow('c: field classifier_dropout must be null or a probability in [0, 1), got 1');
    expect(() => parseBertConfig({ hidden_act: 'gelu_new' }, 'c')).toThrow('c: field hidden_act must be "gelu" (exact erf GELU, the only activation implemented), got "gelu_new"');
    expect(() => parseBertConfig({ position_embedding_type: 'relative_key' }, 'c')).toThrow(
      'c: field position_embedding_type must be "absolute" (the only kind implemented), got "relative_key"',
    );
    expect(() => parseBertConfig({ hidden_size: 30, num_attention_heads: 4 }, 'c')).toThrow('c: field hidden_size must be a multiple of num_attention_heads 4, got 30');
    expect(() => parseBertConfig({ vocab_size: 5, pad_token_id: 5 }, 'c')).toThrow('c: field pad_token_id must be an id below vocab_size 5, got 5');
    expect(() => parseBertConfig([], 'c')).toThrow('c must hold a JSON object, got []');
  });

  it('checks id2label against num_labels and the ids 0..n-1', () => {
    expect(() => parseBertConfig({ id2label: { 0: 'a', 2: 'c' } }, 'c')).toThrow('c: field id2label.1 must be a label name (ids must be 0..n-1), got nothing');
    expect(() => parseBertConfig({ id2label: { 0: 'a' }, num_labels: 2 }, 'c')).toThrow('c: field num_labels must be 1, the number of id2label entries, got 2');
    expect(() => parseBertConfig({ id2label: {} }, 'c')).toThrow('c: field id2label must be at least one label, got {}');
    expect(() => parseBertConfig({ id2label: ['a'] }, 'c')).toThrow('c: field id2label must be an object {"0": name, ...}, got ["a"]');
    expect(() => parseBertConfig({ id2label: { 0: 7 } }, 'c')).toThrow('c: field id2label.0 must be a label name, got 7');
    expect(() => parseBertConfig({ num_labels: 0 }, 'c')).toThrow('c: field num_labels must be a positive integer, got 0');
    expect(parseBertConfig({ id2label: { 1: 'b', 0: 'a' }, num_labels: 2 }, 'c').id2label).toEqual(['a', 'b']);
  });

  it('names the path of an unreadable or invalid file', async () => {
    await expect(readBertConfig('/nonexistent/config.json')).rejects.toThrow(/^cannot read \/nonexistent\/config\.json: ENOENT/);
    const dir = mkdtempSync(join(tmpdir(), 'bert-config-'));
    writeFileSync(join(dir, 'config.json'), '{"hidden_size": 7');
    await expect(readBertConfig(join(dir, 'config.json'))).rejects.toThrow(`${join(dir, 'config.json')} is not valid JSON: `);
    writeFileSync(join(dir, 'config.json'), '{"num_hidden_layers": 0}');
    await expect(readBertConfig(join(dir, 'config.json'))).rejects.toThrow(`${join(dir, 'config.json')}: field num_hidden_layers must be a positive integer, got 0`);
    rmSync(dir, { recursive: true });
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
      'model.architecture: field hidden_size must be a multiple of num_attention_heads 12, got 100',
    );
    expect(() => withArchitectureOverrides(base, { numHiddenLayers: 0 }, 'model.architecture')).toThrow(
      'model.architecture: field numHiddenLayers must be a positive integer, got 0',
    );
    expect(() => withArchitectureOverrides(base, { dropout: 1 }, 'model.dropout')).toThrow('model.dropout: field dropout must be a probability in [0, 1), got 1');
    expect(() => withArchitectureOverrides(base, { id2label: [] }, 'data.labels')).toThrow('data.labels: field id2label must be at least one label, got []');
  });
});
