import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { errorMessage } from '@bertfit/core';
import { count } from './json-fields.js';
import { parseJson } from './read-json-file.js';

/** The completion marker, written last inside the tmp folder; a checkpoint folder without it is never used. */
export const COMPLETE_MARKER = '.complete';

/** One file entry of the marker (what `ManifestFile` is checked against). */
export const manifestFileSchema = z.object({
  path: z.string().min(1, { error: 'a relative file path' }),
  bytes: count,
  // Absent in markers written before hashes existed.
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/, { error: 'a hex SHA-256' })
    .optional(),
});

/**
 * The marker's content: which step, every file with its size and SHA-256 (sizes are checked whenever
 * checkpoints are listed; hashes before a checkpoint is resumed from or loaded), and which files a
 * checkpoint of its kind must have.
 */
export const checkpointManifestSchema = z.object({
  format: z.enum(['bertfit-checkpoint/1', 'bertfit-checkpoint/2']),
  step: count,
  files: z.array(manifestFileSchema),
  required: z.array(z.string()).optional(),
  // Informational; markers written by hand (tests, foreign tools) may lack it.
  writtenAt: z.string().optional(),
});

/** One file of a checkpoint as the marker records it; `sha256` is absent in markers written before it existed. */
export type ManifestFile = z.output<typeof manifestFileSchema>;
export type CheckpointManifest = z.output<typeof checkpointManifestSchema>;

export type ManifestRead = { kind: 'missing' } | { kind: 'bad'; reason: string } | { kind: 'ok'; manifest: CheckpointManifest };

/** Reads and checks a folder's marker; a bad one comes back with the reason (file, field, value), not thrown. */
export async function readManifest(dir: string): Promise<ManifestRead> {
  let text: string;
  try {
    text = await readFile(join(dir, COMPLETE_MARKER), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    return { kind: 'bad', reason: `${COMPLETE_MARKER} is unreadable: ${errorMessage(err)}` };
  }
  try {
    return { kind: 'ok', manifest: parseJson(text, checkpointManifestSchema, COMPLETE_MARKER) };
  } catch (err) {
    return { kind: 'bad', reason: errorMessage(err) };
  }
}
