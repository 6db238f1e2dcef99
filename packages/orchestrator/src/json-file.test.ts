import { describe, it, expect, afterAll } from '@jest/globals';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readJsonFile, writeJsonAtomic } from './json-file.js';

const root = mkdtempSync(join(tmpdir(), 'bertfit-json-file-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('JSON files', () => {
  it('writes JSON through a temporary sibling and leaves no temporary behind', () => {
    const f = join(root, 'sub', 'x.json');
    writeJsonAtomic(f, { a: 1 });
    writeJsonAtomic(f, { a: 2 });
    expect(readJsonFile(f)).toEqual({ a: 2 });
    expect(readdirSync(join(root, 'sub'))).toEqual(['x.json']);
    expect(readJsonFile(join(root, 'missing.json'))).toBeNull();
  });

  it('names the file that is not valid JSON', () => {
    const f = join(root, 'torn.json');
    writeFileSync(f, '{"a":');
    expect(() => readJsonFile(f)).toThrow(`reading ${f}: not valid JSON (5 bytes)`);
  });

  it('names the file when the write fails', () => {
    writeJsonAtomic(join(root, 'l.json'), 'old');
    const bad = join(root, 'l.json', 'x.json');
    expect(() => writeJsonAtomic(bad, 'new')).toThrow(`could not write ${bad}: EEXIST`);
    expect(readJsonFile(join(root, 'l.json'))).toBe('old');
  });
});
