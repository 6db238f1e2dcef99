import { afterAll, describe, expect, it } from '@jest/globals';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { removeDir, replaceDir } from './replace-dir.js';
import { removeTmpEntries } from './tmp-leftovers.js';
import { isTmpName } from './tmp-name.js';

const root = mkdtempSync(join(tmpdir(), 'bertfit-core-dir-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function tree(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
}

describe('replaceDir', () => {
  it('publishes a new folder, then replaces it as a whole (no file of the old one stays)', async () => {
    const parent = join(root, 'swap');
    const target = join(parent, 'out');
    await replaceDir(target, async (tmp) => {
      await writeFile(join(tmp, 'a.txt'), 'v1');
      await writeFile(join(tmp, 'old-only.txt'), 'x');
    });
    expect(tree(target)).toEqual(['a.txt', 'old-only.txt']);
    await replaceDir(target, async (tmp) => {
      mkdirSync(join(tmp, 'onnx'));
      await writeFile(join(tmp, 'a.txt'), 'v2');
      await writeFile(join(tmp, 'onnx', 'model.onnx'), 'm');
    });
    expect(tree(target)).toEqual(['a.txt', 'onnx', join('onnx', 'model.onnx')]);
    expect(readFileSync(join(target, 'a.txt'), 'utf8')).toBe('v2');
    expect(readdirSync(parent)).toEqual(['out']);
  });

  it('copies a folder into place through fs.cp (the temp folder exists and is empty when build runs)', async () => {
    const src = join(root, 'ckpt');
    mkdirSync(join(src, 'sub'), { recursive: true });
    writeFileSync(join(src, 'sub', 'w.bin'), 'w');
    const target = join(root, 'backup', 'best');
    await replaceDir(target, (tmp) => cp(src, tmp, { recursive: true }));
    expect(tree(target)).toEqual(['sub', join('sub', 'w.bin')]);
  });

  it('rethrows a failed build as it is, removes its temp folder and leaves the old folder untouched', async () => {
    const parent = join(root, 'fail');
    const target = join(parent, 'out');
    await replaceDir(target, (tmp) => writeFile(join(tmp, 'keep.txt'), 'old'));
    const boom = new Error('disk full');
    await expect(
      replaceDir(target, async (tmp) => {
        await writeFile(join(tmp, 'half.txt'), 'x');
        throw boom;
      }),
    ).rejects.toBe(boom);
    expect(tree(target)).toEqual(['keep.txt']);
    expect(readdirSync(parent)).toEqual(['out']);
  });

  it('names the folder when its temp folder cannot be made, and puts nothing in its place', async () => {
    const parent = join(root, 'not-a-dir');
    writeFileSync(parent, 'a file where the parent folder should be');
    await expect(replaceDir(join(parent, 'out'), async () => undefined)).rejects.toThrow(`replacing the folder ${join(parent, 'out')} failed: ENOTDIR`);
    expect(readFileSync(parent, 'utf8')).toBe('a file where the parent folder should be');
  });

  it('leaves a `.tmp-*` sibling when its process stops mid-build, and removeTmpEntries cleans it up', async () => {
    const parent = join(root, 'crash');
    const target = join(parent, 'best');
    await replaceDir(target, (tmp) => writeFile(join(tmp, 'model.safetensors'), 'v1'));
    let building = '';
    // A build that never ends stands for a process killed midway: nothing after it runs.
    void replaceDir(target, async (tmp) => {
      building = tmp;
      await writeFile(join(tmp, 'model.safetensors'), 'torn');
      await new Promise<never>(() => undefined);
    });
    while (!existsSync(join(building || join(parent, 'none'), 'model.safetensors'))) await new Promise((r) => setTimeout(r, 5));
    const leftovers = readdirSync(parent).filter((n) => n !== 'best');
    expect(leftovers).toEqual([basename(building)]);
    expect(leftovers.every(isTmpName)).toBe(true);
    expect(await removeTmpEntries(parent)).toEqual(leftovers);
    expect(readdirSync(parent)).toEqual(['best']);
    expect(readFileSync(join(target, 'model.safetensors'), 'utf8')).toBe('v1');
  });
});

describe('removeDir', () => {
  it('removes a folder and its files', async () => {
    const dir = join(root, 'rm', 'checkpoint-3');
    mkdirSync(join(dir, 'sub'), { recursive: true });
    writeFileSync(join(dir, 'sub', 'x'), 'x');
    await removeDir(dir);
    expect(readdirSync(join(root, 'rm'))).toEqual([]);
  });

  it('names the folder when it is not there', async () => {
    const dir = join(root, 'rm', 'missing');
    await expect(removeDir(dir)).rejects.toThrow(`removing the folder ${dir} failed: ENOENT`);
  });
});
