import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveConfig } from '@bertfit/config';
import { demoTokenizer } from '@bertfit/data';
import { startFakeHub, type FakeHub } from '../../../data/test/fake-hub.js';
import { writeSafetensors } from '../io/safetensors.js';
import { parseBertConfig, toHfConfigJson } from '../models/bert-config.js';
import { bertParameterSpecs } from '../models/bert-params.js';
import { initBertParams } from '../models/bert-init.js';
import { ParamStore } from '../runtime/param-store.js';
import { train } from '../trainer/trainer.js';
import { resolveModel } from './model-source.js';

// A pretrained checkpoint served by a Hub on 127.0.0.1, in the layout of a BertForMaskedLM repo: no classifier.
let hub: FakeHub;
const saved = { endpoint: process.env.HF_ENDPOINT, cache: process.env.HF_HUB_CACHE };
const tok = demoTokenizer();
const bert = parseBertConfig({ vocab_size: tok.vocabSize, hidden_size: 32, num_hidden_layers: 1, num_attention_heads: 2, intermediate_size: 64, model_type: 'bert' }, 'test');

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bertfit-pretrained-'));
  const store = ParamStore.create(bertParameterSpecs(bert));
  initBertParams(store, bert, 7);
  const encoder = [...store.toTensors()].filter(([name]) => !name.startsWith('classifier.'));
  await writeSafetensors(join(dir, 'model.safetensors'), encoder);
  await tok.saveTokenizerFiles(dir);
  const file = (f: string) => readFileSync(join(dir, f));
  hub = await startFakeHub([
    {
      type: 'model',
      id: 'acme/tiny-bert',
      lfs: (p) => p.endsWith('.safetensors'),
      revisions: {
        main: {
          'config.json': JSON.stringify({ ...toHfConfigJson(bert), architectures: ['BertForMaskedLM'] }),
          'model.safetensors': file('model.safetensors'),
          'tokenizer.json': file('tokenizer.json'),
          'tokenizer_config.json': file('tokenizer_config.json'),
          'vocab.txt': file('vocab.txt'),
          'README.md': '# tiny',
        },
      },
    },
  ]);
  process.env.HF_ENDPOINT = hub.endpoint;
  process.env.HF_HUB_CACHE = mkdtempSync(join(tmpdir(), 'bertfit-hub-cache-'));
});

afterAll(async () => {
  await hub.close();
  for (const [k, v] of [
    ['HF_ENDPOINT', saved.endpoint],
    ['HF_HUB_CACHE', saved.cache],
  ] as const) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

describe('a model from the Hub', () => {
  it('downloads the model files (not the README) and applies the run labels and dropout', async () => {
    const cfg = resolveConfig({ preset: 'demo', set: ['model.name=acme/tiny-bert', 'model.init=pretrained', 'model.dropout=0.2'] });
    const m = await resolveModel({ ...cfg, model: { ...cfg.model, architecture: { numHiddenLayers: null, hiddenSize: null, numAttentionHeads: null, intermediateSize: null } } });
    expect(m.bertConfig).toMatchObject({ hiddenSize: 32, numHiddenLayers: 1, numLabels: 3, id2label: ['negative', 'neutral', 'positive'], hiddenDropoutProb: 0.2 });
    expect(m.weights?.tensors.has('bert.pooler.dense.weight')).toBe(true);
    expect(hub.requests.some((r) => r.url.includes('README.md'))).toBe(false);
  });

  it('fine-tunes it: encoder weights loaded, the missing classifier initialised with a warning', async () => {
    const lines: string[] = [];
    const cfg = resolveConfig({
      preset: 'demo',
      cwd: mkdtempSync(join(tmpdir(), 'bertfit-ft-')),
      set: [
        'model.name=acme/tiny-bert',
        'model.init=pretrained',
        'model.architecture.numHiddenLayers=null',
        'model.architecture.hiddenSize=null',
        'model.architecture.numAttentionHeads=null',
        'model.architecture.intermediateSize=null',
        'train.maxSteps=2',
        'train.evalEvery=2',
        'train.saveEvery=2',
        'train.threads=1',
      ],
    });
    const r = await train(cfg, { log: (l) => lines.push(l), progress: { write: () => true } });
    expect(r.lastStep).toBe(2);
    expect(lines.join('\n')).toMatch(/classifier\.weight.*classifier\.bias|classifier\.bias.*classifier\.weight/s);
    expect(lines.join('\n')).toMatch(/loaded 23 pretrained tensors from /);
  }, 60_000);
});
