import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ResolvedConfig } from '@bertfit/config';
import { BertfitError } from '@bertfit/core';
import { demoTokenizer, hubSnapshot, loadTokenizer, type BertTokenizer } from '@bertfit/data';
import { readSafetensors, type SafetensorsFile } from '../io/safetensors.js';
import { parseBertConfig, readBertConfig, withArchitectureOverrides, type BertConfig } from '../models/bert-config.js';

/** The reserved model name of the embedded demo vocabulary (no folder, no download). */
export const DEMO_MODEL = 'bertfit-demo';

/** Everything a run needs from its model: the architecture, the tokenizer and, for init "pretrained", the weights. */
export interface ModelSource {
  /** The local folder the files came from; null for the demo model. */
  dir: string | null;
  bertConfig: BertConfig;
  tokenizer: BertTokenizer;
  weights: SafetensorsFile | null;
}

const MODEL_FILES = new Set(['config.json', 'model.safetensors', 'tokenizer.json', 'tokenizer_config.json', 'vocab.txt', 'special_tokens_map.json']);

async function modelDir(name: string): Promise<string> {
  if (name.startsWith('/')) {
    if (!existsSync(name)) throw new BertfitError(`model folder ${name} does not exist (model.name)`);
    return name;
  }
  const snapshot = await hubSnapshot({ repo: name, repoType: 'model', files: (p: string) => MODEL_FILES.has(p) });
  return snapshot.dir;
}

/** Resolves model.name (demo, local folder or Hub id) and applies the config's labels, dropout and size overrides. */
export async function resolveModel(config: ResolvedConfig): Promise<ModelSource> {
  const m = config.model;
  let dir: string | null = null;
  let base: BertConfig;
  let tokenizer: BertTokenizer;
  if (m.name === DEMO_MODEL) {
    tokenizer = demoTokenizer();
    base = parseBertConfig({ vocab_size: tokenizer.vocabSize, max_position_embeddings: 512 }, DEMO_MODEL);
  } else {
    dir = await modelDir(m.name);
    for (const file of ['config.json']) {
      if (!existsSync(join(dir, file))) throw new BertfitError(`model folder ${dir} has no ${file} (model.name = ${m.name})`);
    }
    base = await readBertConfig(join(dir, 'config.json'));
    tokenizer = await loadTokenizer(dir);
  }
  const bertConfig = withArchitectureOverrides(
    base,
    { ...m.architecture, dropout: m.dropout, id2label: [...config.data.labels] },
    'model.architecture / model.dropout / data.labels',
  );
  if (tokenizer.vocabSize > bertConfig.vocabSize) {
    throw new BertfitError(`the tokenizer of ${m.name} has ${tokenizer.vocabSize} tokens but config.json's vocab_size is ${bertConfig.vocabSize}`);
  }
  if (config.data.maxLength > bertConfig.maxPositionEmbeddings) {
    throw new BertfitError(`data.maxLength ${config.data.maxLength} exceeds the model's max_position_embeddings ${bertConfig.maxPositionEmbeddings}`);
  }
  let weights: SafetensorsFile | null = null;
  if (m.init === 'pretrained') {
    if (dir === null) throw new BertfitError(`model.name "${DEMO_MODEL}" has no pretrained weights; set model.init=random`);
    const file = join(dir, 'model.safetensors');
    if (!existsSync(file)) {
      throw new BertfitError(`model folder ${dir} has no model.safetensors (model.init is "pretrained"; use model.init=random to train from scratch)`);
    }
    weights = await readSafetensors(file);
  }
  return { dir, bertConfig, tokenizer, weights };
}
