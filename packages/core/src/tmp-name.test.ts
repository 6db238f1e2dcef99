import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { asideOf, asideSibling, isTmpName, tmpSibling } from './tmp-name.js';
import { removeTmpEntries } from './tmp-leftovers.js';

const root = mkdtempSync(join(tmpdir(), 'bertfit-core-tmp-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('tmpSibling', () => {
  it('is a new `.tmp-<name>-<pid>-<n>` beside the path on every call', () => {
    const a = tmpSibling(join(root, 'run', 'best'));
    const b = tmpSibling(join(root, 'run', 'best'));
    expect(dirname(a)).toBe(join(root, 'run'));
    expect(basename(a)).toMatch(new RegExp(`^\\.tmp-best-${process.pid}-\\d+$`));
    expect(a).not.toBe(b);
    expect(isTmpName(basename(a))).toBe(true);
  });
});

describe('isTmpName', () => {
  it('recognises the names of today and of the schemes before it, and nothing else', () => {
    for (const name of ['.tmp-best', '.tmp-checkpoint-300-123', '.tmp-replaced-checkpoint-5-9', '.tmp-run-config.json-5-1']) {
      expect(isTmpName(name)).toBe(true);
    }
    for (const name of ['best', 'checkpoint-300', '.complete', '.bertfit-run.lock', 'x.tmp-1', 'scored.tmp-12-34']) {
      expect(isTmpName(name)).toBe(false);
    }
  });
});

describe('removeTmpEntries', () => {
  it('removes the files and folders a crashed writer left, keeps everything else, and returns the names', async () => {
    const dir = join(root, 'leftovers');
    mkdirSync(join(dir, 'checkpoint-1'), { recursive: true });
    const file = tmpSibling(join(dir, 'run-config.json'));
    const folder = tmpSibling(join(dir, 'checkpoint-2'));
    writeFileSync(file, '{"half":');
    mkdirSync(join(folder, 'onnx'), { recursive: true });
    writeFileSync(join(folder, 'onnx', 'model.onnx'), 'torn');
    writeFileSync(join(dir, 'run-config.json'), '{}');
    expect(await removeTmpEntries(dir)).toEqual([basename(folder), basename(file)].sort());
    expect(readdirSync(dir).sort()).toEqual(['checkpoint-1', 'run-config.json']);
    expect(await removeTmpEntries(dir)).toEqual([]);
  });

  it('puts back a folder that replaceDir set aside when it crashed between its two renames, and drops one whose swap finished', async () => {
    // The state a crash between replaceDir's renames leaves: the old best/ aside, the new one still a temp, nothing at best/.
    const dir = join(root, 'swap-crash');
    const oldBest = asideSibling(join(dir, 'best'));
    const newBest = tmpSibling(join(dir, 'best'));
    mkdirSync(oldBest, { recursive: true });
    writeFileSync(join(oldBest, 'model.safetensors'), 'old');
    mkdirSync(newBest);
    writeFileSync(join(newBest, 'model.safetensors'), 'new');
    // A swap that finished but crashed before deleting the old folder: the aside copy is stale.
    mkdirSync(join(dir, 'export'));
    const staleExport = asideSibling(join(dir, 'export'));
    mkdirSync(staleExport);
    expect(asideOf(basename(oldBest))).toBe('best');
    expect(asideOf(basename(newBest))).toBeNull();
    expect(await removeTmpEntries(dir)).toEqual([basename(newBest), basename(staleExport)].sort());
    expect(readdirSync(dir).sort()).toEqual(['best', 'export']);
    expect(readFileSync(join(dir, 'best', 'model.safetensors'), 'utf8')).toBe('old');
  });

  it('names the folder when it cannot be read', async () => {
    await expect(removeTmpEntries(join(root, 'missing'))).rejects.toThrow(`removing the crash leftovers in ${join(root, 'missing')} failed: ENOENT`);
  });
});
