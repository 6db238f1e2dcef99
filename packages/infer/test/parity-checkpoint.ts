// A checkpoint folder for tests: the parity fixture's tiny BERT (vocab 1000, 64 positions, 3 labels)
// with the demo tokenizer (≤ 1000 tokens) beside it, as `best/` in a fresh temporary run folder (where
// infer's default outputs go).
import { copyFile, mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeDemoTokenizer } from '@bertfit/data';

export const PARITY_DIR = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'bert-parity');

export async function parityCheckpoint(): Promise<string> {
  const dir = join(await mkdtemp(join(tmpdir(), 'bertfit-infer-run-')), 'best');
  await mkdir(dir);
  await copyFile(join(PARITY_DIR, 'model.safetensors'), join(dir, 'model.safetensors'));
  await copyFile(join(PARITY_DIR, 'config.json'), join(dir, 'config.json'));
  await writeDemoTokenizer(dir);
  return dir;
}
