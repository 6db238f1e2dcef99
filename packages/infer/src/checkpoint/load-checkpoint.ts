// A checkpoint folder (ours, or any HF BertForSequenceClassification folder) → validated config,
// parameters and tokenizer. Every failure names the folder, the file and what is wrong.
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { BertfitError, errorMessage } from '@bertfit/core';
import { loadTokenizer, type BertTokenizer } from '@bertfit/data';
import { bertParameterSpecs, parseBertConfig, ParamStore, parseJson, readSafetensors, verifyModelFolder, type BertConfig } from '@bertfit/train';

export interface Checkpoint {
  dir: string;
  config: BertConfig;
  /** config.json as found (export copies it). */
  hfConfig: Record<string, unknown>;
  params: ParamStore;
  tokenizer: BertTokenizer;
}

/** Model types this package can run (the BERT graph only). */
export const SUPPORTED_MODEL_TYPES = ['bert'] as const;

function fail(dir: string, what: string, cause?: unknown): never {
  throw new BertfitError(`loading checkpoint ${dir}: ${what}`, cause === undefined ? undefined : { cause });
}

export async function loadCheckpoint(dir: string): Promise<Checkpoint> {
  if (!existsSync(dir)) fail(dir, 'the folder does not exist');
  if (!statSync(dir).isDirectory()) fail(dir, 'it is a file, not a checkpoint folder (pass the folder that holds config.json and model.safetensors)');
  // Files bertfit wrote carry SHA-256s in their marker: a damaged model never scores silently.
  const verified = await verifyModelFolder(dir);
  if (verified.kind === 'incomplete') fail(dir, `the folder is damaged: ${verified.reason}`);
  const hfConfig = await readConfigJson(dir);
  let config: BertConfig;
  try {
    config = parseBertConfig(hfConfig, join(dir, 'config.json'));
  } catch (err) {
    fail(dir, errorMessage(err), err);
  }
  const weights = join(dir, 'model.safetensors');
  if (!existsSync(weights)) fail(dir, 'model.safetensors is missing (only safetensors weights are read)');
  const file = await readSafetensors(weights).catch((err: unknown) => fail(dir, errorMessage(err), err));
  const params = ParamStore.create(bertParameterSpecs(config));
  try {
    params.loadTensors(file.tensors, { source: weights });
  } catch (err) {
    fail(dir, `config.json does not match the weights: ${errorMessage(err)}`, err);
  }
  const bad = params.firstNonFinite();
  if (bad !== null) fail(dir, `model.safetensors: tensor '${bad.name}' holds ${bad.value} at index ${bad.index}; a model with non-finite weights cannot predict`);
  let tokenizer: BertTokenizer;
  try {
    tokenizer = await loadTokenizer(dir);
  } catch (err) {
    fail(dir, errorMessage(err), err);
  }
  if (tokenizer.vocabSize > config.vocabSize) {
    fail(dir, `the tokenizer has ${tokenizer.vocabSize} tokens but config.json "vocab_size" is ${config.vocabSize}`);
  }
  return { dir, config, hfConfig, params, tokenizer };
}

/** What loading needs of config.json before parseBertConfig reads the architecture; other keys are kept (export copies them). */
const hfConfigSchema = z.looseObject({ model_type: z.enum(SUPPORTED_MODEL_TYPES) });

async function readConfigJson(dir: string): Promise<Record<string, unknown>> {
  const path = join(dir, 'config.json');
  if (!existsSync(path)) fail(dir, 'config.json is missing');
  try {
    return parseJson(await readFile(path, 'utf8'), hfConfigSchema, 'config.json');
  } catch (err) {
    fail(dir, errorMessage(err), err);
  }
}
