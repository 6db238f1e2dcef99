import { describe, it, expect, beforeEach, afterEach } from '@jest/globals';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { writeCheckpoint } from './checkpoint-writer.js';
import { prepareRunDir } from './run-dir.js';

let out: string;
beforeEach(async () => {
  out = await mkdtemp(join(tmpdir(), 'bertfit-runs-'));
});
afterEach(async () => {
  await rm(out, { recursive: true, force: true });
});

const config = { name: 'demo', seed: 42, train: { learningRate: 3e-4 } };

describe('prepareRunDir', () => {
  it('creates <outputDir>/<name>/ and writes run-config.json', async () => {
    const prepared = await prepareRunDir({ outputDir: out, name: 'demo', config, mode: 'fresh' });
    expect(prepared.runDir).toBe(join(out, 'demo'));
    expect(JSON.parse(await readFile(prepared.configPath, 'utf8'))).toEqual(config);
    expect((await readdir(prepared.runDir)).sort()).toEqual(['.lock', 'run-config.json']);
    await prepared.lock.release();
    expect(await readdir(prepared.runDir)).toEqual(['run-config.json']);
  });

  it('accepts an existing empty folder for a fresh run', async () => {
    await mkdir(join(out, 'demo'));
    await expect(prepareRunDir({ outputDir: out, name: 'demo', config, mode: 'fresh' })).resolves.toMatchObject({ removedTmp: [] });
  });

  it('refuses a fresh run into a run dir that holds a complete checkpoint, naming the dir, the checkpoint and what to do', async () => {
    const runDir = join(out, 'demo');
    await mkdir(runDir);
    await writeCheckpoint(runDir, 250, async (_dir, files) => files.write('model.safetensors', 'w'));
    await writeFile(join(runDir, 'run-config.json'), '{}');
    await expect(prepareRunDir({ outputDir: out, name: 'demo', config, mode: 'fresh' })).rejects.toThrow(
      `refusing to start a fresh run in ${runDir}: it holds complete checkpoints (checkpoint-250). ` +
        'Resume it with `bertfit train --resume latest`, pick another name with `--set name=…`, or delete the folder.',
    );
    expect(await readFile(join(runDir, 'run-config.json'), 'utf8')).toBe('{}');
    expect(existsSync(join(runDir, '.lock'))).toBe(false);
  });

  it('a fresh run over a run that never checkpointed moves its leftovers to abandoned/<time>/ and starts', async () => {
    const runDir = join(out, 'demo');
    await mkdir(join(runDir, 'logs'), { recursive: true });
    await mkdir(join(runDir, 'checkpoint-250')); // no marker: an interrupted write
    await writeFile(join(runDir, 'logs', 'metrics.jsonl'), '{"type":"train","step":1}\n');
    await writeFile(join(runDir, 'run-config.json'), '{}');
    const prepared = await prepareRunDir({ outputDir: out, name: 'demo', config, mode: 'fresh' });
    await prepared.lock.release();
    expect(prepared.abandoned).toMatchObject({ kind: 'moved', moved: ['checkpoint-250', 'logs', 'run-config.json'] });
    const moved = (prepared.abandoned as { dir: string }).dir;
    expect(await readFile(join(moved, 'logs', 'metrics.jsonl'), 'utf8')).toBe('{"type":"train","step":1}\n');
    expect((await readdir(runDir)).sort()).toEqual(['abandoned', 'run-config.json']);
  });

  it('a second process cannot prepare a run dir that another one holds', async () => {
    const first = await prepareRunDir({ outputDir: out, name: 'demo', config, mode: 'fresh' });
    await expect(prepareRunDir({ outputDir: out, name: 'demo', config, mode: 'resume' })).rejects.toThrow(`run dir ${join(out, 'demo')} is in use by process ${process.pid}`);
    await first.lock.release();
  });

  it('resuming reopens the dir, removes crash leftovers and rewrites run-config.json', async () => {
    const runDir = join(out, 'demo');
    await mkdir(join(runDir, '.tmp-checkpoint-500-77'), { recursive: true });
    await mkdir(join(runDir, 'checkpoint-250'));
    const prepared = await prepareRunDir({ outputDir: out, name: 'demo', config, mode: 'resume' });
    expect(prepared.removedTmp).toEqual(['.tmp-checkpoint-500-77']);
    await prepared.lock.release();
    expect((await readdir(runDir)).sort()).toEqual(['checkpoint-250', 'run-config.json']);
  });

  it('resuming a run dir that does not exist is an error', async () => {
    await expect(prepareRunDir({ outputDir: out, name: 'gone', config, mode: 'resume' })).rejects.toThrow(`cannot resume: run dir ${join(out, 'gone')} does not exist`);
  });

  it('rejects names that are not one folder name', async () => {
    for (const name of ['', '..', 'a/b']) {
      await expect(prepareRunDir({ outputDir: out, name, config, mode: 'fresh' })).rejects.toThrow(
        `config name must be one folder name (no slashes, not "." or ".."), got ${JSON.stringify(name)}`,
      );
    }
  });

  it('an outputDir that is a file is a clear error', async () => {
    await writeFile(join(out, 'file'), 'x');
    await expect(prepareRunDir({ outputDir: join(out, 'file'), name: 'demo', config, mode: 'fresh' })).rejects.toThrow(
      `cannot create run dir ${join(out, 'file', 'demo')}: ${join(out, 'file')} is a file, not a folder`,
    );
  });

  it('an outputDir that cannot be created names the folder and why (and does not hang, as recursive mkdir does there)', async () => {
    // /proc refuses new folders with ENOENT even as root, like a read-only or vanished mount.
    const outputDir = `/proc/bertfit-no-such-mount-${process.pid}/runs`;
    await expect(prepareRunDir({ outputDir, name: 'demo', config, mode: 'fresh' })).rejects.toThrow(
      `cannot create run dir ${outputDir}/demo: /proc does not accept new folders (a virtual file system such as /proc, or a mount that is gone) ` +
        `(ENOENT: no such file or directory, mkdir '/proc/bertfit-no-such-mount-${process.pid}')`,
    );
  });
});
