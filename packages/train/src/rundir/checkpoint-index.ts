import { lstat, readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { BertfitError, errorMessage, removeDir } from '@bertfit/core';
import { COMPLETE_MARKER, readManifest, type CheckpointManifest } from './checkpoint-manifest.js';
import { checkpointStep } from './checkpoint-name.js';
import { sha256File } from './checkpoint-writer.js';

/** A complete checkpoint: its marker is present, parses, names the folder's step and every file is there at its size. */
export interface CheckpointEntry {
  step: number;
  dir: string;
  manifest: CheckpointManifest;
}

export interface IgnoredCheckpoint {
  dir: string;
  reason: string;
}

export interface CheckpointScan {
  /** Sorted by numeric step, ascending (checkpoint-250 before checkpoint-1000, unlike a string sort). */
  complete: CheckpointEntry[];
  ignored: IgnoredCheckpoint[];
}

export interface ScanOptions {
  /** Told about each `checkpoint-*` folder that is not used, and why; defaults to console.warn. */
  onWarning?: (message: string) => void;
}

/** Every `checkpoint-<step>` folder of a run dir, split into complete ones and ignored ones (with the reason). */
export async function scanCheckpoints(runDir: string, options: ScanOptions = {}): Promise<CheckpointScan> {
  const warn = options.onWarning ?? ((m: string) => console.warn(m));
  let names: string[];
  try {
    names = await readdir(runDir);
  } catch (err) {
    throw new BertfitError(`cannot list run dir ${runDir}: ${errorMessage(err)}`, { cause: err });
  }
  const complete: CheckpointEntry[] = [];
  const ignored: IgnoredCheckpoint[] = [];
  for (const name of names) {
    const step = checkpointStep(name);
    if (step === null) continue;
    const dir = join(runDir, name);
    const checked = await checkComplete(dir, step);
    if (checked.kind === 'complete') {
      complete.push({ step, dir, manifest: checked.manifest });
    } else {
      ignored.push({ dir, reason: checked.reason });
      warn(`ignoring ${dir}: ${checked.reason}`);
    }
  }
  complete.sort((a, b) => a.step - b.step);
  return { complete, ignored };
}

export async function listCheckpoints(runDir: string, options: ScanOptions = {}): Promise<CheckpointEntry[]> {
  return (await scanCheckpoints(runDir, options)).complete;
}

/** The complete checkpoint with the highest step, or null when there is none. */
export async function latestCheckpoint(runDir: string, options: ScanOptions = {}): Promise<CheckpointEntry | null> {
  return (await listCheckpoints(runDir, options)).at(-1) ?? null;
}

export type Completeness = { kind: 'complete'; manifest: CheckpointManifest } | { kind: 'incomplete'; reason: string };

/** Reads and verifies a checkpoint folder's marker against the folder's contents. */
export async function checkComplete(dir: string, step: number): Promise<Completeness> {
  const read = await readManifest(dir);
  if (read.kind === 'missing') return { kind: 'incomplete', reason: `no ${COMPLETE_MARKER} marker (an interrupted or foreign write)` };
  if (read.kind === 'bad') return { kind: 'incomplete', reason: read.reason };
  const { manifest } = read;
  if (manifest.step !== step) {
    return { kind: 'incomplete', reason: `${COMPLETE_MARKER} names step ${manifest.step}, the folder step ${step}` };
  }
  for (const file of manifest.files) {
    const size = await lstat(join(dir, file.path)).then(
      (s) => s.size,
      () => null,
    );
    if (size === null) return { kind: 'incomplete', reason: `${file.path} is missing` };
    if (size !== file.bytes) return { kind: 'incomplete', reason: `${file.path} has ${size} bytes, the marker says ${file.bytes}` };
  }
  const missing = (manifest.required ?? []).filter((r) => !manifest.files.some((f) => f.path === r));
  if (missing.length > 0) return { kind: 'incomplete', reason: `${COMPLETE_MARKER} lists no ${missing.join(', ')}, which a checkpoint must have` };
  return { kind: 'complete', manifest };
}

/**
 * Everything checkComplete checks, plus every file's SHA-256 against the marker: same-size corruption
 * (a flipped byte, a torn page) is caught before a run resumes from the folder or a model is loaded
 * from it. Markers from before hashes existed are checked by size only.
 */
export async function verifyCheckpoint(dir: string, step: number): Promise<Completeness> {
  const checked = await checkComplete(dir, step);
  if (checked.kind !== 'complete') return checked;
  for (const file of checked.manifest.files) {
    if (file.sha256 === undefined) continue;
    const actual = await sha256File(join(dir, file.path));
    if (actual !== file.sha256) return { kind: 'incomplete', reason: `${file.path} is corrupt (its SHA-256 differs from the one recorded in ${COMPLETE_MARKER})` };
  }
  return checked;
}

/**
 * Verifies any folder bertfit wrote (a checkpoint, `best/`, by the step its own marker names) before a
 * model is loaded from it; a folder without a marker (an HF download) has nothing to verify against.
 */
export async function verifyModelFolder(dir: string): Promise<Completeness | { kind: 'unmarked' }> {
  const read = await readManifest(dir);
  if (read.kind === 'missing') return { kind: 'unmarked' };
  if (read.kind === 'bad') return { kind: 'incomplete', reason: read.reason };
  return verifyCheckpoint(dir, read.manifest.step);
}

/**
 * The newest checkpoint whose files all match their recorded hashes; a damaged newer one is skipped
 * with a warning naming the file (HF would resume from it and train on garbage). Null when none is good.
 */
export async function latestGoodCheckpoint(runDir: string, options: ScanOptions = {}): Promise<CheckpointEntry | null> {
  const warn = options.onWarning ?? ((m: string) => console.warn(m));
  const all = await listCheckpoints(runDir, options);
  for (let i = all.length - 1; i >= 0; i--) {
    const entry = all[i]!;
    const verified = await verifyCheckpoint(entry.dir, entry.step);
    if (verified.kind === 'complete') return entry;
    warn(`skipping ${entry.dir}: ${verified.reason}${i > 0 ? `; falling back to ${all[i - 1]!.dir}` : ''}`);
  }
  return null;
}

export interface RotateOptions {
  /** How many checkpoints to keep (null: keep all). The best and the newest are kept even beyond it. */
  saveTotalLimit: number | null;
  /** The best checkpoint's path (trainer_state's best_model_checkpoint), never deleted. */
  keep?: string | null;
  onWarning?: (message: string) => void;
}

/**
 * Deletes the oldest complete checkpoints beyond `saveTotalLimit`, by numeric step. Unlike HF (which
 * could delete the best when saveEvery and evalEvery differ, and sorted by name on some paths), the
 * best and the newest are always kept: with limit 1 and a best older than the newest, two remain.
 * A folder is removed with core's `removeDir` (renamed to `.tmp-…` first), so a crash mid-delete never leaves a
 * half-deleted folder that still looks complete.
 */
export async function rotateCheckpoints(runDir: string, options: RotateOptions): Promise<{ deleted: string[]; kept: string[] }> {
  const { saveTotalLimit, keep = null } = options;
  if (saveTotalLimit !== null && (!Number.isSafeInteger(saveTotalLimit) || saveTotalLimit < 1)) {
    throw new BertfitError(`rotateCheckpoints: saveTotalLimit must be null or an integer >= 1, got ${saveTotalLimit}`);
  }
  const scanOptions = options.onWarning ? { onWarning: options.onWarning } : {};
  const all = await listCheckpoints(runDir, scanOptions);
  if (saveTotalLimit === null || all.length <= saveTotalLimit) return { deleted: [], kept: all.map((c) => c.dir) };
  const keepResolved = keep === null ? null : resolve(keep);
  const kept = new Set<CheckpointEntry>();
  const newest = all.at(-1);
  if (newest) kept.add(newest);
  const best = all.find((c) => resolve(c.dir) === keepResolved);
  if (best) kept.add(best);
  for (let i = all.length - 1; i >= 0 && kept.size < saveTotalLimit; i--) kept.add(all[i]!);
  const deleted: string[] = [];
  for (const entry of all) {
    if (kept.has(entry)) continue;
    await removeDir(entry.dir);
    deleted.push(entry.dir);
  }
  return { deleted, kept: all.filter((c) => kept.has(c)).map((c) => c.dir) };
}
