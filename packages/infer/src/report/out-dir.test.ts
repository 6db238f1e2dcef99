import { describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkOutDir, defaultOutDir } from './out-dir.js';

describe('defaultOutDir / checkOutDir', () => {
  it('names a new folder beside the checkpoint after the data and the UTC time, never reusing one', () => {
    const run = mkdtempSync(join(tmpdir(), 'bertfit-outdir-'));
    const now = new Date('2026-12-04T18:15:03.456Z');
    const first = defaultOutDir(join(run, 'best'), { kind: 'file', file: '/data/new tweets.csv' }, now);
    expect(first).toBe(join(run, 'predictions', 'new tweets-20261204T181503Z'));
    mkdirSync(first, { recursive: true });
    expect(defaultOutDir(join(run, 'best'), { kind: 'file', file: 'new tweets.csv' }, now)).toBe(`${first}-2`);
    expect(defaultOutDir(join(run, 'checkpoint-20'), { kind: 'split', split: 'test' }, now)).toBe(join(run, 'predictions', 'test-20261204T181503Z'));
  });

  it('accepts a missing or empty folder, refuses one with files or a file unless overwriting', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bertfit-outdir-'));
    expect(() => checkOutDir(join(dir, 'new'), false)).not.toThrow();
    expect(() => checkOutDir(dir, false)).not.toThrow();
    writeFileSync(join(dir, 'predictions.jsonl'), '{}\n');
    expect(() => checkOutDir(dir, false)).toThrow(`infer: --out ${dir} already holds files (pass --overwrite to replace them, or choose another --out)`);
    expect(() => checkOutDir(dir, true)).not.toThrow();
    expect(() => checkOutDir(join(dir, 'predictions.jsonl'), true)).toThrow(`infer: --out ${join(dir, 'predictions.jsonl')} is a file, not a folder`);
  });
});
