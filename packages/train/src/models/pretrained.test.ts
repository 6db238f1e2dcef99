import { describe, it, expect } from '@jest/globals';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPretrainedWeights } from './pretrained.js';
import { bertParameterSpecs } from './bert-params.js';
import { parseBertConfig } from './bert-config.js';
import { initBertParams } from './bert-init.js';
import { ParamStore } from '../runtime/param-store.js';
import { readSafetensors, writeSafetensors } from '../io/safetensors.js';
import { parityFile } from '../../test/fixture-paths.js';

const cfg = parseBertConfig(JSON.parse(readFileSync(parityFile('config.json'), 'utf8')), 'parity');
const dir = mkdtempSync(join(tmpdir(), 'bertfit-pretrained-'));
type T = { shape: number[]; data: Float32Array };

/** The parity weights renamed by `rename` (null drops a tensor), plus `extra` tensors, written to disk and read back. */
async function checkpoint(name: string, rename: (n: string) => string | null, extra: [string, T][] = []) {
  const src = (await readSafetensors(parityFile('model.safetensors'))).tensors;
  const out: [string, T][] = [];
  for (const [n, t] of src) {
    const m = rename(n);
    if (m !== null) out.push([m, t]);
  }
  const path = join(dir, `${name}.safetensors`);
  await writeSafetensors(path, [...out, ...extra], { metadata: { format: 'pt' } });
  return { path, file: await readSafetensors(path), src };
}

const tf = (n: string) => n.replace(/LayerNorm\.weight$/, 'LayerNorm.gamma').replace(/LayerNorm\.bias$/, 'LayerNorm.beta');
const clsHeads: [string, T][] = [
  ['cls.predictions.bias', { shape: [1000], data: new Float32Array(1000) }],
  ['cls.predictions.transform.dense.weight', { shape: [32, 32], data: new Float32Array(1024) }],
  ['cls.predictions.transform.LayerNorm.gamma', { shape: [32], data: new Float32Array(32) }],
  ['cls.seq_relationship.weight', { shape: [2, 32], data: new Float32Array(64) }],
];

describe('loadPretrainedWeights', () => {
  it('loads a BertForPreTraining checkpoint (gamma/beta names, cls.* heads) and initialises the classifier with a warning', async () => {
    const { path, file, src } = await checkpoint('pretraining', (n) => (n.startsWith('classifier.') ? null : tf(n)), clsHeads);
    const store = ParamStore.create(bertParameterSpecs(cfg));
    const warnings: string[] = [];
    const r = loadPretrainedWeights(store, cfg, file, path, { seed: 5, warn: (m) => warnings.push(m) });
    expect(r.missing).toEqual(['classifier.weight', 'classifier.bias']);
    expect(r.initialised).toEqual(['classifier.weight', 'classifier.bias']);
    expect(r.unexpected.sort()).toEqual(clsHeads.map(([n]) => n).sort());
    expect(warnings[0]).toBe(
      `Some weights of BertForSequenceClassification were not initialized from the model checkpoint at ${path} and are newly ` +
        'initialized: [classifier.weight, classifier.bias]. You should probably TRAIN this model on a down-stream task.',
    );
    expect(warnings[1]).toMatch(/^Some weights of the model checkpoint at .* were not used: \[cls\./);
    expect(store.view('bert.embeddings.LayerNorm.weight')).toEqual(src.get('bert.embeddings.LayerNorm.weight')!.data);
    expect(store.view('bert.encoder.layer.1.output.dense.weight')).toEqual(src.get('bert.encoder.layer.1.output.dense.weight')!.data);
    // The fresh classifier is HF's init from the seed: same values as initBertParams gives.
    const fresh = ParamStore.create(bertParameterSpecs(cfg));
    initBertParams(fresh, cfg, 5);
    expect(store.view('classifier.weight')).toEqual(fresh.view('classifier.weight'));
    expect(store.view('classifier.bias').every((x) => x === 0)).toBe(true);
  });

  it('loads a BertModel checkpoint (no bert. prefix)', async () => {
    const { path, file } = await checkpoint('bertmodel', (n) => (n.startsWith('classifier.') ? null : n.replace(/^bert\./, '')));
    const store = ParamStore.create(bertParameterSpecs(cfg));
    const r = loadPretrainedWeights(store, cfg, file, path, { warn: () => {} });
    expect([r.missing.length, r.unexpected]).toEqual([2, []]);
    expect(store.view('bert.pooler.dense.bias')).toEqual(file.tensors.get('pooler.dense.bias')!.data);
  });

  it('loads our own BertForSequenceClassification checkpoint with nothing missing and no warning', async () => {
    const { path, file } = await checkpoint('ours', (n) => n);
    const store = ParamStore.create(bertParameterSpecs(cfg));
    const warnings: string[] = [];
    expect(loadPretrainedWeights(store, cfg, file, path, { warn: (m) => warnings.push(m) })).toEqual({ missing: [], unexpected: [], initialised: [], skipped: [] });
    expect(warnings).toEqual([]);
    expect(store.view('classifier.weight')).toEqual(file.tensors.get('classifier.weight')!.data);
  });

  const floats = () => new Map(bertParameterSpecs(cfg).map((s) => [s.name, { dtype: 'F32' as const, shape: s.shape, data: new Float32Array(s.shape.reduce((a, b) => a * b, 1)) }]));

  it('skips known integer buffers (position_ids, token_type_ids) with a note, and reports other integer tensors as unexpected', () => {
    const store = ParamStore.create(bertParameterSpecs(cfg));
    const ignored = [
      { name: 'bert.embeddings.position_ids', dtype: 'I64', shape: [1, 64] },
      { name: 'embeddings.token_type_ids', dtype: 'I64', shape: [1, 64] },
      { name: 'cls.predictions.counts', dtype: 'I32', shape: [4] },
    ];
    const warnings: string[] = [];
    const r = loadPretrainedWeights(store, cfg, { tensors: floats(), metadata: {}, ignored }, 'mem', { warn: (m) => warnings.push(m) });
    expect(r).toMatchObject({ skipped: ['bert.embeddings.position_ids', 'embeddings.token_type_ids'], unexpected: ['cls.predictions.counts'] });
    expect(warnings).toEqual([
      "note: skipped 'bert.embeddings.position_ids' (I64 [1, 64]), 'embeddings.token_type_ids' (I64 [1, 64]) in mem: buffers transformers saves beside the weights, not parameters",
      'Some weights of the model checkpoint at mem were not used: [cls.predictions.counts]',
    ]);
  });

  it('names a parameter stored with an integer dtype by its name and dtype, not as missing', () => {
    const store = ParamStore.create(bertParameterSpecs(cfg));
    const tensors = floats();
    tensors.delete('bert.pooler.dense.bias');
    const ignored = [{ name: 'pooler.dense.bias', dtype: 'I32', shape: [32] }];
    expect(() => loadPretrainedWeights(store, cfg, { tensors, metadata: {}, ignored }, 'mem', { warn: () => {} })).toThrow(
      "loading pretrained weights from mem: tensor 'pooler.dense.bias' (I32 [32]) (parameter 'bert.pooler.dense.bias') is not a float tensor; parameters are read from F32, F16 or BF16",
    );
  });

  it('fails naming a missing encoder tensor', async () => {
    const { path, file } = await checkpoint('holey', (n) => (n === 'bert.encoder.layer.1.attention.self.key.bias' ? null : n));
    const store = ParamStore.create(bertParameterSpecs(cfg));
    expect(() => loadPretrainedWeights(store, cfg, file, path, { warn: () => {} })).toThrow(
      `loading pretrained weights from ${path}: missing 1 tensor(s): bert.encoder.layer.1.attention.self.key.bias`,
    );
  });

  it('fails naming a misshaped tensor with both shapes', async () => {
    const { path, file } = await checkpoint('misshaped', (n) => (n === 'bert.pooler.dense.weight' ? null : tf(n)), [
      ['bert.pooler.dense.weight', { shape: [32, 16], data: new Float32Array(512) }],
    ]);
    const store = ParamStore.create(bertParameterSpecs(cfg));
    expect(() => loadPretrainedWeights(store, cfg, file, path, { warn: () => {} })).toThrow(
      `loading pretrained weights from ${path}: tensor 'bert.pooler.dense.weight' has shape [32, 16], expected [32, 32]`,
    );
    const { path: p2, file: f2 } = await checkpoint('ln-misshaped', (n) => (n === 'bert.embeddings.LayerNorm.weight' ? null : n), [
      ['bert.embeddings.LayerNorm.gamma', { shape: [31], data: new Float32Array(31) }],
    ]);
    expect(() => loadPretrainedWeights(store, cfg, f2, p2, { warn: () => {} })).toThrow(
      `loading pretrained weights from ${p2}: tensor 'bert.embeddings.LayerNorm.gamma' (parameter 'bert.embeddings.LayerNorm.weight') has shape [31], expected [32]`,
    );
  });

  it('fails when two file tensors map to one parameter', async () => {
    const { path, file } = await checkpoint('dup', (n) => n, [['pooler.dense.bias', { shape: [32], data: new Float32Array(32) }]]);
    const store = ParamStore.create(bertParameterSpecs(cfg));
    expect(() => loadPretrainedWeights(store, cfg, file, path, { warn: () => {} })).toThrow(/both map to parameter 'bert\.pooler\.dense\.bias'$/);
  });
});
