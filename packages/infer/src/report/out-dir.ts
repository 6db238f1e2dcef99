// Where `bertfit infer` writes: the user's --out, or a new folder named after the data and the time
// beside the checkpoint (the run dir for runs/x/best), never inside a checkpoint and never over earlier results.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { BertfitError } from '@bertfit/core';
import type { InferInput } from '../data/infer-examples.js';

/** `<folder holding the checkpoint>/predictions/<data name>-<UTC time>`, with -2, -3… if that is taken. */
export function defaultOutDir(checkpoint: string, input: InferInput, now: Date = new Date()): string {
  const data = input.kind === 'file' ? basename(input.file).replace(/\.[^.]+$/, '') : input.split;
  // 20261204T181503Z: sortable, and no characters a shell or Windows dislikes.
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  const base = join(dirname(resolve(checkpoint)), 'predictions', `${data}-${stamp}`);
  let dir = base;
  for (let n = 2; existsSync(dir); n++) dir = `${base}-${n}`;
  return dir;
}

/** Refuses a folder that already holds files unless the user asked to replace them. */
export function checkOutDir(outDir: string, overwrite: boolean): void {
  if (!existsSync(outDir)) return;
  if (!statSync(outDir).isDirectory()) throw new BertfitError(`infer: --out ${outDir} is a file, not a folder`);
  if (!overwrite && readdirSync(outDir).length > 0) {
    throw new BertfitError(`infer: --out ${outDir} already holds files (pass --overwrite to replace them, or choose another --out)`);
  }
}
