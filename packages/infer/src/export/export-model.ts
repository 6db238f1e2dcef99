// `bertfit export`: a checkpoint → the folder layout transformers.js loads offline: config.json,
// tokenizer.json, tokenizer_config.json, onnx/model.onnx (fp32) and onnx/model_quantized.onnx (int8).
// Everything is written through core's replaceDir: a temporary sibling folder renamed into place at the end.
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { BertfitError, errorMessage, replaceDir } from '@bertfit/core';
import { toHfConfigJson, type Device } from '@bertfit/train';
import { loadCheckpoint } from '../checkpoint/load-checkpoint.js';
import { checkExportedModel } from './export-check.js';
import { buildModelBytes } from '../runtime/model-bytes.js';

export interface ExportResult {
  outDir: string;
  files: string[];
  /** Bytes of onnx/model.onnx and onnx/model_quantized.onnx. */
  fp32Bytes: number;
  int8Bytes: number;
  /** The weights stored as int8 (every linear weight and the word embeddings). */
  quantized: string[];
}

export interface ExportOptions {
  /** Where both models are opened and checked before anything is written (default the CPU). */
  device?: Device;
}

export async function exportForTransformersJs(checkpointDir: string, outDir: string, opts: ExportOptions = {}): Promise<ExportResult> {
  const out = resolve(outDir);
  if (existsSync(out)) throw new BertfitError(`export: ${out} already exists (remove it or choose another --out)`);
  const ckpt = await loadCheckpoint(checkpointDir);
  const fp32 = buildModelBytes(ckpt, 'fp32').bytes;
  const { bytes: int8, quantized } = buildModelBytes(ckpt, 'int8');
  for (const [name, bytes] of [
    ['onnx/model.onnx', fp32],
    ['onnx/model_quantized.onnx', int8],
  ] as const) {
    await checkExportedModel(name, bytes, ckpt, opts.device ?? { kind: 'cpu' });
  }
  try {
    await replaceDir(out, async (tmp) => {
      await mkdir(join(tmp, 'onnx'));
      // Our validated config wins over the folder's, so model_type, id2label and label2id are always right.
      const config = { ...ckpt.hfConfig, ...toHfConfigJson(ckpt.config) };
      await writeFile(join(tmp, 'config.json'), `${JSON.stringify(config, null, 2)}\n`);
      await ckpt.tokenizer.saveTokenizerFiles(tmp);
      await writeFile(join(tmp, 'onnx', 'model.onnx'), fp32);
      await writeFile(join(tmp, 'onnx', 'model_quantized.onnx'), int8);
    });
  } catch (err) {
    throw new BertfitError(`export: writing ${out} failed: ${errorMessage(err)}`, { cause: err });
  }
  return {
    outDir: out,
    files: ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'vocab.txt', 'onnx/model.onnx', 'onnx/model_quantized.onnx'],
    fp32Bytes: fp32.byteLength,
    int8Bytes: int8.byteLength,
    quantized,
  };
}
