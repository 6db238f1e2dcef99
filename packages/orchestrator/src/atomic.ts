import { closeSync, cpSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { BertfitError } from '@bertfit/config';

let counter = 0;

/** A sibling temporary name, unique per process and call, so concurrent writers never share it. */
function tmpSibling(path: string): string {
  counter += 1;
  return join(dirname(path), `.${basename(path)}.tmp-${process.pid}-${counter}`);
}

/** fsync a file or folder by path (a folder, so a rename inside it survives a power cut). */
function fsyncPathSync(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * The synchronous twin of @bertfit/config's `writeFileAtomic` (same steps: tmp sibling written and
 * fsynced, renamed over `path`, folder fsynced), so a ledger or job record is never empty after a
 * power loss. It exists because the poll loops write ledger/job records from synchronous code (the
 * ledger's `write`, the executors' spec/cancel records) where an await would reorder transitions;
 * everything else async should use @bertfit/config's. Keep the two in step.
 */
export function writeFileAtomic(path: string, data: string): void {
  const tmp = tmpSibling(path);
  try {
    mkdirSync(dirname(path), { recursive: true });
    const fd = openSync(tmp, 'w');
    try {
      writeFileSync(fd, data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
    fsyncPathSync(dirname(path));
  } catch (err) {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // the folder itself is unusable; the error below says which write failed
    }
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
    fsyncTree(tmp); // the copy's bytes are on disk before it takes the name
    if (existsSync(dest)) renameSync(dest, old);
    renameSync(tmp, dest);
    fsyncPathSync(dirname(dest));
    rmSync(old, { recursive: true, force: true });
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    if (!existsSync(dest) && existsSync(old)) renameSync(old, dest);
    throw new BertfitError(`copying ${src} to ${dest} atomically failed`, { cause: err });
  }
}

/** fsyncs every file and folder under `dir`, deepest first. */
function fsyncTree(dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) fsyncTree(path);
    else if (entry.isFile()) fsyncPathSync(path);
  }
  fsyncPathSync(dir);
}
