import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { acquireRunLock, RUN_LOCK_FILE } from './run-lock.js';

let runDir: string;
let child: ChildProcess | null = null;
beforeEach(async () => {
  runDir = await mkdtemp(join(tmpdir(), 'bertfit-lock-'));
});
afterEach(async () => {
  child?.kill('SIGKILL');
  child = null;
  await rm(runDir, { recursive: true, force: true });
});

/** A live process of another pid, to stand for a second bertfit holding the lock. */
async function otherProcess(): Promise<number> {
  child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
  await new Promise((r) => child!.once('spawn', r));
  return child.pid!;
}

async function startOf(pid: number): Promise<string> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]!;
}

describe('acquireRunLock', () => {
  it('a second taker fails at once, naming the holder; after release the lock is free again', async () => {
    const lock = await acquireRunLock(runDir);
    expect(JSON.parse(await readFile(join(runDir, RUN_LOCK_FILE), 'utf8'))).toMatchObject({ pid: process.pid, host: hostname() });
    await expect(acquireRunLock(runDir)).rejects.toThrow(`run dir ${runDir} is in use by process ${process.pid} on ${hostname()}`);
    await lock.release();
    expect(existsSync(join(runDir, RUN_LOCK_FILE))).toBe(false);
    await (await acquireRunLock(runDir)).release();
    expect(await readdir(runDir)).toEqual([]);
  });

  it('honours a lock held by another live process', async () => {
    const pid = await otherProcess();
    await writeFile(join(runDir, RUN_LOCK_FILE), JSON.stringify({ pid, start: await startOf(pid), host: hostname(), acquiredAt: 'then' }));
    await expect(acquireRunLock(runDir)).rejects.toThrow(`in use by process ${pid} on ${hostname()} (since then; lock ${join(runDir, RUN_LOCK_FILE)})`);
  });

  it('takes over a lock whose holder died (dead pid, or a reused pid with another start time) or that is torn', async () => {
    const pid = await otherProcess();
    for (const stale of [
      JSON.stringify({ pid: 2 ** 22 + 17, start: '1', host: hostname(), acquiredAt: 'then' }),
      JSON.stringify({ pid, start: 'not-its-start-time', host: hostname(), acquiredAt: 'then' }),
      '{"pid":',
    ]) {
      await writeFile(join(runDir, RUN_LOCK_FILE), stale);
      const lock = await acquireRunLock(runDir);
      expect(lock.holder.pid).toBe(process.pid);
      await lock.release();
    }
  });

  it('release leaves a lock that another process took over alone', async () => {
    const lock = await acquireRunLock(runDir);
    const pid = await otherProcess();
    const theirs = JSON.stringify({ pid, start: await startOf(pid), host: hostname(), acquiredAt: 'later' });
    await writeFile(join(runDir, RUN_LOCK_FILE), theirs);
    await lock.release();
    expect(await readFile(join(runDir, RUN_LOCK_FILE), 'utf8')).toBe(theirs);
  });
});
