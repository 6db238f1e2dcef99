import { describe, it, expect, afterAll } from '@jest/globals';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeJsonAtomic } from './json-file.js';

const read = (f: string): unknown => JSON.parse(readFileSync(f, 'utf8'));

const root = mkdtempSync(join(tmpdir(), 'bertfit-json-file-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('writeJsonAtomic', () => {
  it('writes JSON through a temporary sibling and leaves no temporary behind', () => {
    const f = join(root, 'sub', 'x.json');
    writeJsonAtomic(f, { a: 1 });
    writeJsonAtomic(f, { a: 2 });
    expect(read(f)).toEqual({ a: 2 });
    expect(readdirSync(join(root, 'sub'))).toEqual(['x.json']);
  });

  it('names the file when the write fails', () => {
    writeJsonAtomic(join(root, 'l.json'), 'old');
    const bad = join(root, 'l.json', 'x.json');
    expect(() => writeJsonAtomic(bad, 'new')).toThrow(`could not write ${bad}: EEXIST`);
    expect(read(join(root, 'l.json'))).toBe('old');
  });
});
