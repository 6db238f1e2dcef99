import { stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, sep } from 'node:path';
import { BertfitError } from '@bertfit/core';
import { checkpointStep } from './checkpoint-name.js';

/**
 * trainer_state.json's `best_model_checkpoint` as bertfit writes it: the checkpoint's path relative to
 * the run dir's parent, '/'-separated (`demo/checkpoint-500`). That is HF's `<output_dir>/checkpoint-N`
 * text when HF's output_dir is the run dir, and it stays true when the run dir is moved or copied
 * (an absolute path would point into the old location).
 */
export function bestCheckpointText(runDir: string, checkpointDir: string): string {
  return relative(dirname(runDir), checkpointDir).split(sep).join('/');
}

/** The run dir a trainer_state.json belongs to: a checkpoint folder's parent, else the folder itself. */
export function runDirOfStateDir(stateDir: string): string {
  return checkpointStep(basename(stateDir)) !== null ? dirname(stateDir) : stateDir;
}

export interface ResolveBestOptions {
  /** The folder the trainer_state.json was read from (a checkpoint folder or a run dir). */
  stateDir: string;
  /** Another run dir to look in, after the state's own (a resume from `abandoned/…` looks in the live run dir too). */
  runDir?: string;
}

/**
 * Where a stored `best_model_checkpoint` is now, relative to the run dir it was read from:
 * - bertfit's `<run name>/<rest>`: `<run dir>/<rest>` (a renamed run dir still works), then
 *   `<run dir>/<last segment>` (HF's `runs/x/checkpoint-N` when output_dir had several segments);
 * - `../…` (a best checkpoint in another run dir, after a cross-run resume): against the run dir's parent;
 * - an absolute path (bertfit before this format, or HF with an absolute output_dir):
 *   `<run dir>/<last segment>` first, so a moved or copied run never reads the old location's
 *   checkpoint, then the path as written.
 * Throws, naming the value, the state file and every place looked at, when none exists.
 */
export async function resolveBestCheckpoint(value: string, options: ResolveBestOptions): Promise<string> {
  const bases = [...new Set([runDirOfStateDir(options.stateDir), ...(options.runDir ? [options.runDir] : [])])];
  const candidates = [...new Set(bases.flatMap((base) => candidatesIn(value, base)))];
  const where = `best_model_checkpoint ${JSON.stringify(value)} in ${join(options.stateDir, 'trainer_state.json')}`;
  if (candidates.length === 0) throw new BertfitError(`${where}: not a checkpoint path`);
  for (const candidate of candidates) {
    if (await isDir(candidate)) return candidate;
  }
  throw new BertfitError(`${where}: no such checkpoint folder ` + `(looked for ${candidates.join(', ')}); it was deleted, moved aside, or the run dir was copied without it`);
}

function candidatesIn(value: string, base: string): string[] {
  const segments = value.split(/[\\/]+/).filter((s) => s !== '');
  const last = segments.at(-1);
  if (last === undefined) return [];
  if (isAbsolute(value)) return [join(base, last), value];
  if (segments[0] === '..') return [join(dirname(base), ...segments)];
  return [join(base, ...segments.slice(1)), join(base, last)];
}

async function isDir(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isDirectory(),
    () => false,
  );
}
