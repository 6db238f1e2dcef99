import { describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { env, pipeline } from '@huggingface/transformers';
import { resolveConfig } from '@bertfit/config';
import { demoDataset } from '@bertfit/data';
import { parityCheckpoint } from '../../test/parity-checkpoint.js';
import { runInfer } from '../run-infer.js';
import { createSessionFromBytes, readSafetensors, writeSafetensors } from '@bertfit/train';
import { exportForTransformersJs } from './export-model.js';

const LABELS = ['negative', 'neutral', 'positive'];
type Scored = { label: string; score: number };

async function transformersJs(dir: string, dtype: 'fp32' | 'q8', texts: string[]): Promise<Scored[]> {
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = dirname(dir);
  const clf = await pipeline('text-classification', basename(dir), { dtype });
  const out = (await clf(texts)) as Scored[];
  await clf.dispose();
  return out;
}

describe('exportForTransformersJs', () => {
  it('writes the transformers.js layout, and transformers.js offline agrees with bertfit infer (fp32 and int8)', async () => {
    const ckpt = await parityCheckpoint();
    const out = join(await mkdtemp(join(tmpdir(), 'bertfit-export-')), 'tiny-bert');
    const r = await exportForTransformersJs(ckpt, out);
    expect((await readdir(out)).sort()).toEqual(['config.json', 'onnx', 'tokenizer.json', 'tokenizer_config.json', 'vocab.txt']);
    expect((await readdir(join(out, 'onnx'))).sort()).toEqual(['model.onnx', 'model_quantized.onnx']);
    for (const f of ['model.onnx', 'model_quantized.onnx']) {
      const s = await createSessionFromBytes(await readFile(join(out, 'onnx', f)), f, { device: { kind: 'cpu' }, threads: 1 });
      expect([s.inputNames, s.outputNames]).toEqual([['input_ids', 'attention_mask', 'token_type_ids'], ['logits']]);
      await s.release();
    }
    // Every linear weight (6 per layer, pooler, classifier) and the word embeddings.
    expect(r.quantized.length).toBe(2 * 6 + 2 + 1);
    expect(r.quantized).toContain('bert.embeddings.word_embeddings.weight');
    expect(r.int8Bytes).toBeLessThan(r.fp32Bytes);
    const config = JSON.parse(await readFile(join(out, 'config.json'), 'utf8')) as Record<string, unknown>;
    expect(config.model_type).toBe('bert');
    expect(config.id2label).toEqual({ 0: 'negative', 1: 'neutral', 2: 'positive' });

    const examples = demoDataset({ size: 100 }).test;
    const texts = examples.map((e) => e.text);
    const data = join(ckpt, 'texts.jsonl');
    await writeFile(data, examples.map((e) => JSON.stringify({ text: e.text, label: LABELS[e.label] })).join('\n'));
    const config32 = resolveConfig({ file: null, preset: 'demo', set: [] });
    for (const [precision, dtype] of [
      ['fp32', 'fp32'],
      ['int8', 'q8'],
    ] as const) {
      const ours = await runInfer({ checkpoint: ckpt, config: config32, input: { kind: 'file', file: data }, precision, outDir: join(ckpt, `eval-${precision}`) });
      const preds = (await readFile(join(ckpt, `eval-${precision}`, 'predictions.jsonl'), 'utf8'))
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { prediction: string; probabilities: Record<string, number> });
      const theirs = await transformersJs(out, dtype, texts);
      expect(theirs.map((t) => t.label)).toEqual(preds.map((p) => p.prediction));
      theirs.forEach((t, i) => expect(Math.abs(t.score - preds[i]!.probabilities[t.label]!)).toBeLessThan(1e-4));
      expect(ours.n).toBe(texts.length);
    }
    await rm(dirname(out), { recursive: true });
  });

  it('refuses an existing output folder and leaves nothing behind when the checkpoint is bad', async () => {
    const ckpt = await parityCheckpoint();
    const parent = await mkdtemp(join(tmpdir(), 'bertfit-export-'));
    await expect(exportForTransformersJs(ckpt, parent)).rejects.toThrow(`export: ${parent} already exists (remove it or choose another --out)`);
    await rm(join(ckpt, 'model.safetensors'));
    const out = join(parent, 'model');
    await expect(exportForTransformersJs(ckpt, out)).rejects.toThrow(`loading checkpoint ${ckpt}: model.safetensors is missing`);
    expect(existsSync(out)).toBe(false);
    expect(await readdir(parent)).toEqual([]);
  });

  it('opens both models on the device first: non-finite logits fail the export before anything is written', async () => {
    const ckpt = await parityCheckpoint();
    const file = join(ckpt, 'model.safetensors');
    const model = await readSafetensors(file);
    // Finite weights (loading refuses NaN ones) whose logits overflow float32.
    model.tensors.get('classifier.weight')!.data.fill(3e38);
    await writeSafetensors(file, model.tensors);
    const out = join(await mkdtemp(join(tmpdir(), 'bertfit-export-')), 'nan');
    await expect(exportForTransformersJs(ckpt, out, { device: { kind: 'cpu' } })).rejects.toThrow(
      /^export: onnx\/model\.onnx gives non-finite logits \[[^\]]*(Infinity|NaN)[^\]]*\] on cpu$/,
    );
    expect(existsSync(out)).toBe(false);
  });
});
