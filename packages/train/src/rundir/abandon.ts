import { copyFile, lstat, mkdir, readdir, rename } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { BertfitError, errorMessage, fsyncPath, isTmpName, tmpSibling } from '@bertfit/core';
import { checkpointStep } from './checkpoint-name.js';
import { METRICS_LOG_PATH } from './metrics-log.js';
import { TRAINER_STATE_FILE } from './trainer-state.js';

/** Where a resume from an older checkpoint puts the newer timeline's files: `<run>/abandoned/<timestamp>/`. */
export const ABANDONED_DIR = 'abandoned';

export type AbandonResult =
  | { kind: 'nothing' }
  /** `moved` are the names moved into `dir` (checkpoints highest step first); the metrics log is copied, not moved. */
  | { kind: 'moved'; dir: string; moved: string[]; metricsLogCopied: boolean };

/**
 * Resuming from checkpoint-N while the run dir holds checkpoints after N (or a different checkpoint-N)
 * starts a new timeline: those checkpoints, `best/` and the run-level trainer_state.json belong to the
 * old one. We move them aside instead of deleting them (HF overwrites by step; we promise never to
 * lose work: the user may have resumed by mistake, or want to compare) and instead of refusing (the
 * user asked for exactly this resume; refusing would only make them move folders by hand). The old
 * metrics log is copied there before MetricsLog.open trims it to step N.
 *
 * Crash safety: every move is one rename inside the run dir. The old best/ and trainer_state.json go
 * first, then checkpoints highest step first, so a crash at any point leaves the live run dir as a
 * prefix of the old timeline (each remaining checkpoint's best pointer still resolves) and running
 * the same resume again moves the rest into a second `abandoned/<timestamp>/`.
 */
export async function abandonNewerCheckpoints(runDir: string, resumeDir: string, step: number): Promise<AbandonResult> {
  const resumeAt = resolve(resumeDir);
  const newer = (await readdir(runDir))
    .map((name) => ({ name, step: checkpointStep(name) ?? -1 }))
    .filter((c) => c.step > step || (c.step === step && resolve(runDir, c.name) !== resumeAt))
    .sort((a, b) => b.step - a.step);
  if (newer.length === 0) return { kind: 'nothing' };
  const dir = await makeAbandonedDir(runDir);
  const logCopied = await copyIfExists(join(runDir, METRICS_LOG_PATH), join(dir, METRICS_LOG_PATH));
  const moved: string[] = [];
  for (const name of [TRAINER_STATE_FILE, 'best', ...newer.map((c) => c.name)]) {
    if (!(await exists(join(runDir, name)))) continue;
    try {
      await rename(join(runDir, name), join(dir, name));
    } catch (err) {
      throw new BertfitError(`resume: moving ${join(runDir, name)} aside to ${dir} failed: ${errorMessage(err)}`, { cause: err });
    }
    await fsyncPath(runDir);
    moved.push(name);
  }
  await fsyncPath(dir);
  return { kind: 'moved', dir, moved, metricsLogCopied: logCopied };
}

/**
 * A run killed before its first checkpoint left logs and a config but nothing to resume from: a new
 * start moves all of it (except the lock and older abandoned timelines) to `abandoned/<time>/`, one
 * rename per entry, and returns the names moved. Nothing is deleted.
 */
export async function abandonWholeRun(runDir: string, keep: readonly string[]): Promise<AbandonResult> {
  const names = (await readdir(runDir)).filter((n) => n !== ABANDONED_DIR && !keep.includes(n) && !isTmpName(n)).sort();
  if (names.length === 0) return { kind: 'nothing' };
  const dir = await makeAbandonedDir(runDir);
  for (const name of names) {
    try {
      await rename(join(runDir, name), join(dir, name));
    } catch (err) {
      throw new BertfitError(`moving ${join(runDir, name)} aside to ${dir} failed: ${errorMessage(err)}`, { cause: err });
    }
  }
  await fsyncPath(runDir);
  await fsyncPath(dir);
  return { kind: 'moved', dir, moved: names, metricsLogCopied: false };
}

/** A fresh `abandoned/<UTC timestamp>[-k]` folder; mkdir without `recursive` makes the name ours alone. */
async function makeAbandonedDir(runDir: string): Promise<string> {
  const root = join(runDir, ABANDONED_DIR);
  try {
    await mkdir(root, { recursive: true });
  } catch (err) {
    throw new BertfitError(`resume: cannot create ${root} to move the newer checkpoints aside: ${errorMessage(err)}`, { cause: err });
  }
  const stamp = new Date().toISOString().replace(/:/g, '-');
  for (let k = 1; ; k++) {
    const dir = join(root, k === 1 ? stamp : `${stamp}-${k}`);
    try {
      await mkdir(dir);
      await fsyncPath(root);
      return dir;
    } catch (err) {
      if ((err as { code?: string }).code !== 'EEXIST') {
        throw new BertfitError(`resume: cannot create ${dir}: ${errorMessage(err)}`, { cause: err });
      }
    }
  }
}

async function copyIfExists(from: string, to: string): Promise<boolean> {
  if (!(await exists(from))) return false;
  await mkdir(dirname(to), { recursive: true });
  // copyFile to a tmp name, fsync, rename: a crash never leaves a torn copy under the final name.
  const tmp = tmpSibling(to);
  await copyFile(from, tmp);
  await fsyncPath(tmp);
  await rename(tmp, to);
  return true;
}

async function exists(path: string): Promise<boolean> {
  return lstat(path).then(
    () => true,
    () => false,
  );
}
