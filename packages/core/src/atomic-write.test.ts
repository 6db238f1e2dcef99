import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BertfitError } from './errors.js';
import { writeFileAtomic, writeFileAtomicSync } from './atomic-write.js';

const root = mkdtempSync(join(tmpdir(), 'bertfit-core-write-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('writeFileAtomic', () => {
  it('writes text, bytes and chunks in order, creating the folder, and leaves no temporary behind', async () => {
    const f = join(root, 'a', 'b', 'x.bin');
    await writeFileAtomic(f, 'text');
    expect(readFileSync(f, 'utf8')).toBe('text');
    await writeFileAtomic(f, new Uint8Array([1, 2]));
    expect([...readFileSync(f)]).toEqual([1, 2]);
    await writeFileAtomic(f, [new Uint8Array([3]), new Uint8Array([4, 5])]);
    expect([...readFileSync(f)]).toEqual([3, 4, 5]);
    expect(readdirSync(join(root, 'a', 'b'))).toEqual(['x.bin']);
  });

  it('names the file when the write fails, keeps the old content and removes its temporary', async () => {
    const dir = join(root, 'fail');
    mkdirSync(join(dir, 'taken'), { recursive: true });
    await writeFileAtomic(join(dir, 'keep.json'), 'old');
    // A folder where the file should go: the rename fails after the temporary was written.
    const err = await writeFileAtomic(join(dir, 'taken'), 'new').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BertfitError);
    expect((err as Error).message).toMatch(new RegExp(`^could not write ${join(dir, 'taken')}: E`));
    expect((err as Error).cause).toBeDefined();
    expect(readFileSync(join(dir, 'keep.json'), 'utf8')).toBe('old');
    expect(readdirSync(dir).sort()).toEqual(['keep.json', 'taken']);
  });
});

describe('writeFileAtomicSync', () => {
  it('writes and replaces like the async form', () => {
    const f = join(root, 'sync', 'ledger.json');
    writeFileAtomicSync(f, '{"a":1}\n');
    writeFileAtomicSync(f, '{"a":2}\n');
    expect(readFileSync(f, 'utf8')).toBe('{"a":2}\n');
    expect(readdirSync(join(root, 'sync'))).toEqual(['ledger.json']);
  });

  it('names the file when the write fails and leaves no temporary', () => {
    const dir = join(root, 'sync-fail');
    writeFileAtomicSync(join(dir, 'l.json'), 'old');
    // A path through a regular file: creating its folder fails like a broken disk would.
    const bad = join(dir, 'l.json', 'x.json');
    expect(() => writeFileAtomicSync(bad, 'new')).toThrow(`could not write ${bad}: EEXIST`);
    expect(readFileSync(join(dir, 'l.json'), 'utf8')).toBe('old');
    expect(readdirSync(dir)).toEqual(['l.json']);
  });
});
