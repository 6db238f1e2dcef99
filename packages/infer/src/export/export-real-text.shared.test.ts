// Real tweets and bert-base-uncased's vocab.txt (../shared): bertfit infer and transformers.js' pipeline
// on the exported folder agree on labels and scores, so tokenization matches on real text too.
import { describe, expect, it } from '@jest/globals';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { env, pipeline } from '@huggingface/transformers';
import { requireSharedDir, resolveConfig } from '@bertfit/config';
import { loadLocalDataset, loadTokenizer } from '@bertfit/data';
import { bertParameterSpecs, initBertParams, parseBertConfig, ParamStore, toHfConfigJson, writeSafetensors } from '@bertfit/train';
import { runInfer } from '../run-infer.js';
import { exportForTransformersJs } from './export-model.js';

const LABELS = ['negative', 'neutral', 'positive'];

describe('export on real tweets (shared)', () => {
  it('transformers.js agrees with bertfit infer on the first 300 train tweets', async () => {
    const shared = requireSharedDir();
    const file = join(shared, 'data', 'tweet_sentiment_extraction', 'train.jsonl');
    const { examples } = await loadLocalDataset({ file, textColumn: 'text', labelColumn: 'label', labels: LABELS, emptyText: 'keep' });
    const rows = examples.slice(0, 300);
    const tokenizer = await loadTokenizer(join(shared, 'models', 'bert-base-uncased'));
    const cfg = parseBertConfig(
      {
        vocab_size: tokenizer.vocabSize,
        hidden_size: 32,
        num_hidden_layers: 2,
        num_attention_heads: 4,
        intermediate_size: 64,
        id2label: { 0: 'negative', 1: 'neutral', 2: 'positive' },
        model_type: 'bert',
      },
      'tiny',
    );
    const store = ParamStore.create(bertParameterSpecs(cfg));
    initBertParams(store, cfg, 3);
    const root = await mkdtemp(join(tmpdir(), 'bertfit-real-'));
    const ckpt = join(root, 'ckpt');
    await tokenizer.saveTokenizerFiles(ckpt);
    await writeSafetensors(join(ckpt, 'model.safetensors'), store.toTensors());
    await writeFile(join(ckpt, 'config.json'), JSON.stringify(toHfConfigJson(cfg)));
    const data = join(root, 'rows.jsonl');
    await writeFile(data, rows.map((e) => JSON.stringify({ text: e.text, label: e.label })).join('\n'));
    const config = resolveConfig({ file: null, preset: null, set: ['data.maxLength=128'] });
    await runInfer({ checkpoint: ckpt, config, input: { kind: 'file', file: data }, outDir: join(root, 'eval') });
    const preds = (await readFile(join(root, 'eval', 'predictions.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { prediction: string; probabilities: Record<string, number> });
    const out = join(root, 'exported');
    await exportForTransformersJs(ckpt, out);
    env.allowRemoteModels = false;
    env.localModelPath = dirname(out);
    const clf = await pipeline('text-classification', basename(out), { dtype: 'fp32' });
    const theirs = (await clf(rows.map((e) => e.text))) as unknown as { label: string; score: number }[];
    await clf.dispose();
    expect(theirs.map((t) => t.label)).toEqual(preds.map((p) => p.prediction));
    theirs.forEach((t, i) => expect(Math.abs(t.score - preds[i]!.probabilities[t.label]!)).toBeLessThan(1e-4));
    await rm(root, { recursive: true });
  });
});
