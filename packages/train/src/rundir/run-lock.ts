import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { link, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import { isSameProcessAlive, procStart } from '@bertfit/config';
import { BertfitError, errorMessage, TMP_PREFIX, tmpSibling } from '@bertfit/core';
import { parseJson } from './read-json-file.js';

/** The lock file of a run dir: present while one process writes the run. Not `.tmp-*`: start-up cleanup must not touch it. */
export const RUN_LOCK_FILE = '.lock';

export interface RunLockHolder {
  pid: number;
  /** /proc start time, so a pid reused after a crash is not taken for the holder. */
  start: string | null;
  host: string;
  acquiredAt: string;
}

export interface RunLock {
  readonly path: string;
  readonly holder: RunLockHolder;
  release(): Promise<void>;
}

const runLockHolderSchema: z.ZodType<RunLockHolder> = z.object({ pid: z.int(), start: z.string().nullable(), host: z.string(), acquiredAt: z.string() });

type LockState = { kind: 'free' } | { kind: 'held'; holder: RunLockHolder } | { kind: 'stale'; holder: RunLockHolder | null };

async function readLock(path: string): Promise<LockState> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'free' };
    throw new BertfitError(`cannot read the run lock ${path}: ${errorMessage(err)}`, { cause: err });
  }
  let holder: RunLockHolder;
  try {
    holder = parseJson(text, runLockHolderSchema, path);
  } catch {
    return { kind: 'stale', holder: null }; // torn by a crash between create and write
  }
  // Another host's process cannot be checked from here: a lock from elsewhere is honoured.
  if (holder.host !== hostname()) return { kind: 'held', holder };
  return isSameProcessAlive(holder.pid, holder.start) ? { kind: 'held', holder } : { kind: 'stale', holder };
}

/**
 * Takes the exclusive lock of a run dir for this process's life: the first of two processes that
 * resume one run proceeds, the second fails at once naming the holder. The lock is published with
 * link() (atomic, fails if present); a lock left by a dead process (pid + start time) is moved aside
 * and taken over, and of two processes doing that at once only one wins the link.
 */
export async function acquireRunLock(runDir: string): Promise<RunLock> {
  const path = join(runDir, RUN_LOCK_FILE);
  const holder: RunLockHolder = { pid: process.pid, start: procStart(process.pid), host: hostname(), acquiredAt: new Date().toISOString() };
  // A random part, not core's pid + counter: processes on two hosts of a shared filesystem may share a pid.
  const draft = join(runDir, `${TMP_PREFIX}lock-${process.pid}-${randomUUID().slice(0, 8)}`);
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        await writeFile(draft, `${JSON.stringify(holder)}\n`);
        await link(draft, path);
        return { path, holder, release: () => releaseLock(path, holder) };
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        // ENOENT: our draft was swept up by the process that holds the lock (its start-up cleanup).
        if (code !== 'EEXIST' && code !== 'ENOENT') throw new BertfitError(`cannot create the run lock ${path}: ${errorMessage(err)}`, { cause: err });
      }
      const state = await readLock(path);
      if (state.kind === 'held') {
        const h = state.holder;
        throw new BertfitError(
          `run dir ${runDir} is in use by process ${h.pid} on ${h.host} (since ${h.acquiredAt}; lock ${path}). ` +
            "Wait for it to finish or stop it; two processes writing one run would destroy each other's checkpoints.",
        );
      }
      if (state.kind === 'stale') {
        // Renaming is atomic: of two processes clearing the same stale lock, one rename fails with ENOENT.
        await rename(path, tmpSibling(path)).catch(() => undefined);
      }
    }
    throw new BertfitError(`cannot take the run lock ${path}: it kept changing hands`);
  } finally {
    await rm(draft, { force: true });
  }
}

/** Removes the lock if it is still ours (a lock taken over after we were thought dead is left alone). */
async function releaseLock(path: string, holder: RunLockHolder): Promise<void> {
  const state = await readLock(path).catch(() => ({ kind: 'free' as const }));
  if (state.kind !== 'free' && state.holder?.pid === holder.pid && state.holder.start === holder.start) await rm(path, { force: true });
}
