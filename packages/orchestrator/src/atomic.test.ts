import { describe, it, expect, afterAll } from '@jest/globals';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copyDirAtomic, readJsonFile, writeFileAtomic, writeJsonAtomic } from './atomic.js';

const root = mkdtempSync(join(tmpdir(), 'bertfit-atomic-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('atomic files', () => {
  it('writes JSON through a temporary sibling and leaves no temporary behind', () => {
    const f = join(root, 'sub', 'x.json');
    writeJsonAtomic(f, { a: 1 });
    writeJsonAtomic(f, { a: 2 });
    expect(readJsonFile(f)).toEqual({ a: 2 });
    expect(readdirSync(join(root, 'sub'))).toEqual(['x.json']);
    expect(readJsonFile(join(root, 'missing.json'))).toBeNull();
  });

  it('names the file when the fsynced write fails, and leaves the old content and no temporary', () => {
    const dir = join(root, 'ro');
    mkdirSync(dir);
    writeFileAtomic(join(dir, 'l.json'), 'old');
    // A path through a regular file: mkdir/open fail like a full or broken disk would, before the rename.
    const bad = join(dir, 'l.json', 'x.json');
    expect(() => writeFileAtomic(bad, 'new')).toThrow(`writing ${bad} atomically failed`);
    expect(readFileSync(join(dir, 'l.json'), 'utf8')).toBe('old');
    expect(readdirSync(dir)).toEqual(['l.json']);
  });

  it('replaces a backed-up directory as a whole', () => {
    const src = join(root, 'ckpt');
    mkdirSync(src);
    writeFileSync(join(src, 'model.safetensors'), 'v1');
    copyDirAtomic(src, join(root, 'best'));
    writeFileSync(join(src, 'model.safetensors'), 'v2');
    copyDirAtomic(src, join(root, 'best'));
    expect(readFileSync(join(root, 'best', 'model.safetensors'), 'utf8')).toBe('v2');
    expect(readdirSync(root).filter((n) => n.startsWith('.'))).toEqual([]);
    expect(() => copyDirAtomic(join(root, 'nope'), join(root, 'best'))).toThrow(`copying ${join(root, 'nope')} to ${join(root, 'best')} atomically failed`);
    expect(readFileSync(join(root, 'best', 'model.safetensors'), 'utf8')).toBe('v2');
  });
});
