import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { BertfitError } from '@bertfit/config';

let counter = 0;

/** A sibling temporary name, unique per process and call, so concurrent writers never share it. */
function tmpSibling(path: string): string {
  counter += 1;
  return join(dirname(path), `.${basename(path)}.tmp-${process.pid}-${counter}`);
}

/** Writes a file so readers see either the old or the new content, never a torn one. */
export function writeFileAtomic(path: string, data: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = tmpSibling(path);
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw new BertfitError(`writing ${path} atomically failed`, { cause: err });
  }
}

export function writeJsonAtomic(path: string, value: unknown): void {
  writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`);
}

/** Reads a JSON file; null when it does not exist; errors name the file when it is not valid JSON. */
export function readJsonFile(path: string): unknown {
  if (!existsSync(path)) return null;
  const text = readFileSync(path, 'utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new BertfitError(`reading ${path}: not valid JSON (${text.length} bytes)`, { cause: err });
  }
}

/**
 * Copies a directory to `dest` atomically: copy into a temporary sibling, move any old `dest`
 * aside, rename the copy into place, then delete the old one. A crash leaves either the old or
 * the new copy at `dest` (plus a stray temporary that the next call ignores).
 */
export function copyDirAtomic(src: string, dest: string): void {
  mkdirSync(dirname(dest), { recursive: true });
  const tmp = tmpSibling(dest);
  const old = tmpSibling(`${dest}.old`);
  try {
    cpSync(src, tmp, { recursive: true });
    if (existsSync(dest)) renameSync(dest, old);
    renameSync(tmp, dest);
    rmSync(old, { recursive: true, force: true });
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    if (!existsSync(dest) && existsSync(old)) renameSync(old, dest);
    throw new BertfitError(`copying ${src} to ${dest} atomically failed`, { cause: err });
  }
}
