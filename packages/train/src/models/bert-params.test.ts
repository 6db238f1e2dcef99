import { describe, it, expect } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { bertParameterSpecs, countParameters } from './bert-params.js';
import { parseBertConfig, withArchitectureOverrides } from './bert-config.js';
import { readSafetensors } from '../io/safetensors.js';
import { parityFile } from '../../test/fixture-paths.js';

const parityCfg = () => parseBertConfig(JSON.parse(readFileSync(parityFile('config.json'), 'utf8')), 'parity');

describe('bertParameterSpecs', () => {
  it('matches the parity checkpoint names and shapes', async () => {
    const specs = bertParameterSpecs(parityCfg());
    const file = await readSafetensors(parityFile('model.safetensors'));
    expect(specs.map((s) => s.name).sort()).toEqual([...file.tensors.keys()].sort());
    for (const s of specs) expect([s.name, s.shape]).toEqual([s.name, file.tensors.get(s.name)!.shape]);
    expect(countParameters(specs)).toBe(52419);
  });

  it('splits decay / no-decay exactly like expected.json, in HF state-dict order', () => {
    const expected = JSON.parse(readFileSync(parityFile('expected.json'), 'utf8'));
    const specs = bertParameterSpecs(parityCfg());
    expect(specs.filter((s) => s.decay).map((s) => s.name)).toEqual(expected.decay_parameter_names);
    expect(
      specs
        .filter((s) => !s.decay)
        .map((s) => s.name)
        .sort(),
    ).toEqual([...expected.no_decay_parameter_names].sort());
    expect(specs.slice(0, 5).map((s) => s.name)).toEqual([
      'bert.embeddings.word_embeddings.weight',
      'bert.embeddings.position_embeddings.weight',
      'bert.embeddings.token_type_embeddings.weight',
      'bert.embeddings.LayerNorm.weight',
      'bert.embeddings.LayerNorm.bias',
    ]);
    expect(specs.at(-1)!.name).toBe('classifier.bias');
  });

  it('counts bert-base (3 labels) as 109,484,547 parameters', () => {
    const base = withArchitectureOverrides(parseBertConfig({}, 'c'), { id2label: ['a', 'b', 'c'] });
    expect(countParameters(bertParameterSpecs(base))).toBe(109_484_547);
  });

  it('marks init kinds and the padding row', () => {
    const specs = bertParameterSpecs(parityCfg());
    const by = new Map(specs.map((s) => [s.name, s]));
    expect(by.get('bert.embeddings.word_embeddings.weight')).toMatchObject({ init: 'embedding', paddingRow: 0 });
    expect(by.get('bert.embeddings.position_embeddings.weight')!.paddingRow).toBeUndefined();
    expect(by.get('bert.encoder.layer.1.output.LayerNorm.weight')!.init).toBe('ones');
    expect(by.get('bert.encoder.layer.1.output.dense.weight')).toMatchObject({ init: 'normal', shape: [32, 64] });
    expect(by.get('classifier.bias')!.init).toBe('zeros');
  });
});
