// A random-init checkpoint folder for the benches: HF init (seed 0), three sentiment labels, the tokenizer's files.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BertTokenizer } from '@bertfit/data';
import { bertParameterSpecs, initBertParams, parseBertConfig, ParamStore, toHfConfigJson, writeSafetensors } from '@bertfit/train';

export const LABELS = ['negative', 'neutral', 'positive'];

/** `shape`: HF config.json fields (num_hidden_layers, hidden_size, ...; vocab_size defaults to the tokenizer's). */
export async function randomCheckpoint(name: string, shape: Record<string, unknown>, tokenizer: BertTokenizer): Promise<string> {
  const cfg = parseBertConfig({ vocab_size: tokenizer.vocabSize, ...shape, model_type: 'bert', id2label: Object.fromEntries(LABELS.map((l, i) => [i, l])) }, name);
  const store = ParamStore.create(bertParameterSpecs(cfg));
  initBertParams(store, cfg, 0);
  const dir = await mkdtemp(join(tmpdir(), `bertfit-bench-${name}-`));
  await writeSafetensors(join(dir, 'model.safetensors'), store.toTensors());
  await writeFile(join(dir, 'config.json'), JSON.stringify(toHfConfigJson(cfg)));
  await tokenizer.saveTokenizerFiles(dir);
  return dir;
}
