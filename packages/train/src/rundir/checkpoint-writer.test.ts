import { describe, it, expect, beforeEach, afterEach } from '@jest/globals';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFile, mkdtemp, readdir, readFile, rm, symlink, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { repoRoot } from '@bertfit/config';
import { BertfitError, removeTmpEntries } from '@bertfit/core';
import { COMPLETE_MARKER, type CheckpointManifest } from './checkpoint-manifest.js';
import { writeCheckpoint } from './checkpoint-writer.js';
import { latestCheckpoint, latestGoodCheckpoint, listCheckpoints, verifyCheckpoint } from './checkpoint-index.js';

const run = promisify(execFile);
// One process (not the tsx CLI, which relays a child's death as an exit code), so the SIGKILL is seen.
const nodeWithTsx = (args: string[]) => run(process.execPath, ['--conditions=@bertfit/source', '--import', 'tsx', ...args], { cwd: repoRoot() });
let runDir: string;
beforeEach(async () => {
  runDir = await mkdtemp(join(tmpdir(), 'bertfit-ckpt-'));
});
afterEach(async () => {
  await rm(runDir, { recursive: true, force: true });
});

const quiet = { onWarning: () => undefined };

async function saveSimple(step: number, payload = 'weights'): Promise<string> {
  return writeCheckpoint(runDir, step, async (tmpDir, files) => {
    await files.write('model.safetensors', payload);
    await mkdir(join(tmpDir, 'sub'));
    await writeFile(join(tmpDir, 'sub', 'x.json'), '{}');
  });
}

describe('writeCheckpoint', () => {
  it('publishes checkpoint-<step> with a marker listing every file and its size, and leaves no tmp folder', async () => {
    const dir = await saveSimple(250);
    expect(dir).toBe(join(runDir, 'checkpoint-250'));
    const manifest = JSON.parse(await readFile(join(dir, COMPLETE_MARKER), 'utf8')) as CheckpointManifest;
    expect(manifest.step).toBe(250);
    expect(manifest.files).toEqual([
      { path: 'model.safetensors', bytes: 7, sha256: createHash('sha256').update('weights').digest('hex') },
      { path: join('sub', 'x.json'), bytes: 2, sha256: createHash('sha256').update('{}').digest('hex') },
    ]);
    expect(await readdir(runDir)).toEqual(['checkpoint-250']);
  });

  it('a throwing writer publishes nothing, removes its tmp folder and keeps earlier checkpoints', async () => {
    await saveSimple(100);
    const failing = writeCheckpoint(runDir, 200, async (_tmp, files) => {
      await files.write('model.safetensors', 'half');
      throw new Error('tokenizer export exploded');
    });
    await expect(failing).rejects.toThrow(`saving checkpoint ${join(runDir, 'checkpoint-200')} failed (nothing was published): tokenizer export exploded`);
    expect(await readdir(runDir)).toEqual(['checkpoint-100']);
    expect((await latestCheckpoint(runDir))?.step).toBe(100);
  });

  it('a full disk (a real ENOSPC from /dev/full) names the file and leaves no corrupt checkpoint', async () => {
    await saveSimple(100);
    const err = await writeCheckpoint(runDir, 200, async (tmpDir, files) => {
      await symlink('/dev/full', join(tmpDir, 'optimizer.safetensors'));
      await files.write('optimizer.safetensors', new Uint8Array(4096));
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BertfitError);
    expect((err as Error).message).toMatch(/could not write .*\.tmp-checkpoint-200-\d+-\d+\/optimizer\.safetensors: ENOSPC/);
    expect((err as Error).cause).toBeInstanceOf(BertfitError);
    expect(await readdir(runDir)).toEqual(['checkpoint-100']);
  });

  it('replaces an existing checkpoint of the same step only once the new one is complete', async () => {
    await saveSimple(50, 'old');
    await saveSimple(50, 'newer');
    expect(await readFile(join(runDir, 'checkpoint-50', 'model.safetensors'), 'utf8')).toBe('newer');
    expect(await readdir(runDir)).toEqual(['checkpoint-50']);
  });

  it('rejects a step that is not a non-negative integer', async () => {
    await expect(writeCheckpoint(runDir, 1.5, async () => undefined)).rejects.toThrow('checkpoint step must be a non-negative integer, got 1.5');
  });
});

describe('crash safety (a real SIGKILL in a child process)', () => {
  const child = fileURLToPath(new URL('./__fixtures__/checkpoint-crash-child.ts', import.meta.url));

  it.each(['mid-files', 'before-marker'])('killed %s: no checkpoint-300, the tmp leftover is cleaned at the next start', async (killAt) => {
    await saveSimple(100);
    const result = await nodeWithTsx([child, runDir, '300', killAt]).catch((e: { signal?: string }) => e);
    expect((result as { signal?: string }).signal).toBe('SIGKILL');
    const names = await readdir(runDir);
    expect(names).toContain('checkpoint-100');
    expect(names).not.toContain('checkpoint-300');
    expect((await listCheckpoints(runDir, quiet)).map((c) => c.step)).toEqual([100]);
    expect(await removeTmpEntries(runDir)).toEqual([expect.stringMatching(/^\.tmp-checkpoint-300-\d+-\d+$/)]);
    expect(await readdir(runDir)).toEqual(['checkpoint-100']);
  });

  it('killed right after the rename: checkpoint-300 is complete', async () => {
    const result = await nodeWithTsx([child, runDir, '300', 'after-publish']).catch((e: { signal?: string }) => e);
    expect((result as { signal?: string }).signal).toBe('SIGKILL');
    expect((await latestCheckpoint(runDir, quiet))?.step).toBe(300);
  });
});

describe('checkpoint integrity', () => {
  it('never publishes a checkpoint that lacks a required file', async () => {
    const attempt = writeCheckpoint(
      runDir,
      200,
      async (_tmp, files) => {
        await files.write('config.json', '{}');
      },
      ['model.safetensors', 'config.json'],
    );
    await expect(attempt).rejects.toThrow(/saving .*checkpoint-200 failed \(nothing was published\): the checkpoint lacks model.safetensors/);
    expect(await readdir(runDir)).toEqual([]);
  });

  it('a marker whose required list names a file it does not list is not complete', async () => {
    const dir = await saveSimple(5);
    const marker = join(dir, COMPLETE_MARKER);
    const manifest = JSON.parse(await readFile(marker, 'utf8')) as CheckpointManifest;
    await writeFile(marker, JSON.stringify({ ...manifest, required: ['model.safetensors', 'optimizer.safetensors'] }));
    expect(await listCheckpoints(runDir, quiet)).toEqual([]);
  });

  it('same-size corruption passes the size scan but fails verification, naming the file; the previous good checkpoint is chosen', async () => {
    await saveSimple(100, 'weights-a');
    const newest = await saveSimple(200, 'weights-b');
    await writeFile(join(newest, 'model.safetensors'), 'weights-X'); // same length
    expect((await latestCheckpoint(runDir, quiet))?.step).toBe(200);
    expect(await verifyCheckpoint(newest, 200)).toEqual({
      kind: 'incomplete',
      reason: `model.safetensors is corrupt (its SHA-256 differs from the one recorded in ${COMPLETE_MARKER})`,
    });
    const warnings: string[] = [];
    expect((await latestGoodCheckpoint(runDir, { onWarning: (m) => warnings.push(m) }))?.step).toBe(100);
    expect(warnings).toEqual([
      `skipping ${newest}: model.safetensors is corrupt (its SHA-256 differs from the one recorded in ${COMPLETE_MARKER}); falling back to ${join(runDir, 'checkpoint-100')}`,
    ]);
  });

  it('markers written before hashes existed are verified by size', async () => {
    const dir = await saveSimple(7);
    const marker = join(dir, COMPLETE_MARKER);
    const manifest = JSON.parse(await readFile(marker, 'utf8')) as CheckpointManifest;
    await writeFile(marker, JSON.stringify({ ...manifest, format: 'bertfit-checkpoint/1', files: manifest.files.map(({ path, bytes }) => ({ path, bytes })) }));
    expect((await verifyCheckpoint(dir, 7)).kind).toBe('complete');
    // Without hashes a file of another size is still caught.
    const { path: file, bytes } = manifest.files[0]!;
    await appendFile(join(dir, file), 'x');
    expect(await verifyCheckpoint(dir, 7)).toEqual({ kind: 'incomplete', reason: `${file} has ${bytes + 1} bytes, the marker says ${bytes}` });
  });
});
