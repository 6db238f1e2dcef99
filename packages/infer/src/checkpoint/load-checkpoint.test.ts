import { describe, expect, it } from '@jest/globals';
import { copyFile, mkdtemp, readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromVocab } from '@bertfit/data';
import { readSafetensors, writeCheckpoint, writeSafetensors } from '@bertfit/train';
import { parityCheckpoint } from '../../test/parity-checkpoint.js';
import { loadCheckpoint } from './load-checkpoint.js';

async function editConfig(dir: string, edit: (c: Record<string, unknown>) => void): Promise<void> {
  const file = join(dir, 'config.json');
  const c = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  edit(c);
  await writeFile(file, JSON.stringify(c));
}

describe('loadCheckpoint', () => {
  it('loads config, every parameter and the tokenizer', async () => {
    const dir = await parityCheckpoint();
    const ckpt = await loadCheckpoint(dir);
    expect(ckpt.config.id2label).toEqual(['negative', 'neutral', 'positive']);
    expect(ckpt.params.view('classifier.weight').length).toBe(3 * 32);
    expect(ckpt.params.view('classifier.bias').some((v) => v !== 0)).toBe(true);
    expect(ckpt.tokenizer.encode(['great day'], { maxLength: 8 }).inputIds[0]![0]).toBe(ckpt.tokenizer.clsTokenId);
    await rm(dir, { recursive: true });
  });

  it('names a missing folder', async () => {
    await expect(loadCheckpoint('/nonexistent/ckpt')).rejects.toThrow('loading checkpoint /nonexistent/ckpt: the folder does not exist');
  });

  it('names a file passed as the checkpoint folder', async () => {
    const dir = await parityCheckpoint();
    const file = join(dir, 'model.safetensors');
    await expect(loadCheckpoint(file)).rejects.toThrow(
      `loading checkpoint ${file}: it is a file, not a checkpoint folder (pass the folder that holds config.json and model.safetensors)`,
    );
  });

  it('verifies the SHA-256s of a folder bertfit wrote: same-size corruption is refused, naming the file', async () => {
    const source = await parityCheckpoint();
    const runDir = await mkdtemp(join(tmpdir(), 'bertfit-verify-'));
    const dir = await writeCheckpoint(runDir, 3, async (tmp) => {
      for (const name of await readdir(source)) await copyFile(join(source, name), join(tmp, name));
    });
    await expect(loadCheckpoint(dir)).resolves.toMatchObject({ dir });
    const weights = await readFile(join(dir, 'model.safetensors'));
    weights[weights.length - 1] = weights[weights.length - 1]! ^ 1;
    await writeFile(join(dir, 'model.safetensors'), weights);
    await expect(loadCheckpoint(dir)).rejects.toThrow(
      `loading checkpoint ${dir}: the folder is damaged: model.safetensors is corrupt (its SHA-256 differs from the one recorded in .complete)`,
    );
  });

  it('refuses weights holding NaN, naming the tensor (a NaN model would score like a constant one)', async () => {
    const dir = await parityCheckpoint();
    const file = await readSafetensors(join(dir, 'model.safetensors'));
    file.tensors.get('bert.pooler.dense.bias')!.data[0] = Number.NaN;
    await writeSafetensors(join(dir, 'model.safetensors'), file.tensors.entries());
    await expect(loadCheckpoint(dir)).rejects.toThrow(
      `loading checkpoint ${dir}: model.safetensors: tensor 'bert.pooler.dense.bias' holds NaN at index 0; a model with non-finite weights cannot predict`,
    );
  });

  it('names a missing model.safetensors', async () => {
    const dir = await parityCheckpoint();
    await rm(join(dir, 'model.safetensors'));
    await expect(loadCheckpoint(dir)).rejects.toThrow(`loading checkpoint ${dir}: model.safetensors is missing (only safetensors weights are read)`);
  });

  it('names a truncated model.safetensors', async () => {
    const dir = await parityCheckpoint();
    await truncate(join(dir, 'model.safetensors'), 5000);
    await expect(loadCheckpoint(dir)).rejects.toThrow(
      new RegExp(
        `^loading checkpoint ${dir}: safetensors ${dir}/model.safetensors: tensor '[^']+': data_offsets \\[\\d+, \\d+\\] run past the end of the \\d+-byte data section \\(truncated file\\?\\)$`,
      ),
    );
  });

  it('says when config.json disagrees with the weights', async () => {
    const dir = await parityCheckpoint();
    await editConfig(dir, (c) => (c.intermediate_size = 48));
    await expect(loadCheckpoint(dir)).rejects.toThrow(
      `loading checkpoint ${dir}: config.json does not match the weights: loading parameters from ${dir}/model.safetensors: tensor 'bert.encoder.layer.0.intermediate.dense.weight' has shape [64, 32], expected [48, 32]`,
    );
  });

  it('rejects an unknown model_type', async () => {
    const dir = await parityCheckpoint();
    await editConfig(dir, (c) => (c.model_type = 'roberta'));
    await expect(loadCheckpoint(dir)).rejects.toThrow(`loading checkpoint ${dir}: config.json: field model_type must be "bert", got "roberta"`);
    await editConfig(dir, (c) => delete c.model_type);
    await expect(loadCheckpoint(dir)).rejects.toThrow(`loading checkpoint ${dir}: config.json: field model_type must be "bert", got nothing`);
  });

  it('names a config.json that is not a JSON object', async () => {
    const dir = await parityCheckpoint();
    await writeFile(join(dir, 'config.json'), '{"model_type": "bert",');
    await expect(loadCheckpoint(dir)).rejects.toThrow(new RegExp(`^loading checkpoint ${dir}: config.json is not valid JSON: `));
    await writeFile(join(dir, 'config.json'), '["bert"]');
    await expect(loadCheckpoint(dir)).rejects.toThrow(`loading checkpoint ${dir}: config.json must hold a JSON object, got ["bert"]`);
  });

  it('rejects a tokenizer larger than the embedding table', async () => {
    const dir = await parityCheckpoint();
    const vocab = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]', ...Array.from({ length: 1100 }, (_, i) => `w${i}`)];
    await fromVocab(vocab, { lowercase: true, stripAccents: null, handleChineseChars: true }).saveTokenizerFiles(dir);
    await expect(loadCheckpoint(dir)).rejects.toThrow(`loading checkpoint ${dir}: the tokenizer has 1105 tokens but config.json "vocab_size" is 1000`);
  });
});
