import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { HubError, httpError } from './hub-error.js';

/** What a downloaded file must hash to: LFS files by sha256, plain git files by their git blob sha1. */
export interface Checksum {
  algorithm: 'sha256' | 'git-sha1';
  hex: string;
  size: number;
}

export interface BlobRequest {
  url: string;
  dest: string;
  checksum: Checksum;
  token: string | null;
  /** Names the file in messages, e.g. `mteb/x@main/train.jsonl`. */
  what: string;
  attempts?: number;
}

/**
 * Downloads into `<dest>.incomplete`, resuming with a Range request after a cut connection (up to
 * `attempts` tries), verifies size and checksum, then renames into place. A partial file left by an
 * earlier process is resumed too.
 */
export async function downloadBlob(req: BlobRequest): Promise<void> {
  if (existsSync(req.dest)) return;
  await mkdir(dirname(req.dest), { recursive: true });
  const partial = `${req.dest}.incomplete`;
  const attempts = req.attempts ?? 3;
  let lastError: unknown;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      await fetchInto(req, partial);
      lastError = undefined;
      break;
    } catch (error) {
      if (error instanceof HubError) throw error;
      lastError = error;
    }
  }
  if (lastError !== undefined) {
    throw new HubError(`download ${req.what}: failed after ${attempts} attempts (${describe(lastError)})`, { cause: lastError });
  }
  const { size } = await stat(partial);
  const actual = await hashFile(partial, req.checksum.algorithm, size);
  if (size !== req.checksum.size || actual !== req.checksum.hex) {
    await rm(partial, { force: true });
    throw new HubError(
      `download ${req.what}: checksum mismatch: expected ${req.checksum.algorithm} ${req.checksum.hex} (${req.checksum.size} bytes), ` +
        `got ${actual} (${size} bytes); the partial file was removed`,
    );
  }
  await rename(partial, req.dest);
}

async function fetchInto(req: BlobRequest, partial: string): Promise<void> {
  const offset = existsSync(partial) ? (await stat(partial)).size : 0;
  const headers: Record<string, string> = {};
  if (req.token) headers.authorization = `Bearer ${req.token}`;
  if (offset > 0) headers.range = `bytes=${offset}-`;
  const res = await fetch(req.url, { headers });
  if (res.status === 416) {
    // The partial file is not a prefix the server recognises: start over.
    await rm(partial, { force: true });
    throw new Error(`HTTP 416 for a resume at byte ${offset}`);
  }
  if (!res.ok) throw httpError(`download ${req.what}`, req.url, res.status, req.token !== null);
  const append = res.status === 206 && offset > 0;
  const file = await open(partial, append ? 'a' : 'w');
  try {
    if (res.body) for await (const chunk of res.body) await file.write(chunk as Uint8Array);
  } finally {
    await file.close();
  }
}

async function hashFile(file: string, algorithm: Checksum['algorithm'], size: number): Promise<string> {
  const hash = createHash(algorithm === 'sha256' ? 'sha256' : 'sha1');
  if (algorithm === 'git-sha1') hash.update(`blob ${size}\0`);
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function describe(error: unknown): string {
  const e = error as Error & { cause?: { code?: string; message?: string } };
  return [e.message, e.cause?.code ?? e.cause?.message].filter(Boolean).join(': ');
}
