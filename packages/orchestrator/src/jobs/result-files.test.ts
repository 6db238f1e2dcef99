import { describe, it, expect, afterAll } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readInferResult, readTrainResult } from './result-files.js';

const root = mkdtempSync(join(tmpdir(), 'bertfit-results-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const put = (name: string, text: string): string => {
  writeFileSync(join(root, name), text);
  return join(root, name);
};

describe('result files', () => {
  it('reads the contract shape and the trainer\'s {best: {step, metric}} shape', () => {
    const a = put('a.json', JSON.stringify({ status: 'completed', runDir: '/r', bestCheckpoint: '/r/checkpoint-5', lastStep: 9, metrics: { f1_macro: 0.5, note: 'x' } }));
    expect(readTrainResult(a, 'f1_macro')).toEqual({ status: 'completed', runDir: '/r', bestCheckpoint: '/r/checkpoint-5', lastStep: 9, metrics: { f1_macro: 0.5 } });
    const b = put('b.json', JSON.stringify({ status: 'stopped', reason: 'early-stopping', runDir: '/r', bestCheckpoint: null, bestDir: null, lastStep: 3, best: { step: 2, metric: 0.61 } }));
    expect(readTrainResult(b, 'f1_macro')?.metrics).toEqual({ f1_macro: 0.61 });
    expect(readTrainResult(join(root, 'missing.json'), 'f1_macro')).toBeNull();
  });

  it('names the file and field of a bad result', () => {
    const c = put('c.json', JSON.stringify({ status: 'done', runDir: '/r' }));
    expect(() => readTrainResult(c, 'f1_macro')).toThrow(`train result ${c}: field status must be completed|stopped|failed, got "done"`);
    const d = put('d.json', '{"accuracy": 0.7');
    expect(() => readInferResult(d)).toThrow(`reading ${d}: not valid JSON (16 bytes)`);
    const e = put('e.json', '[1,2]');
    expect(() => readInferResult(e)).toThrow(`infer result ${e}: expected an object of metrics, got [1,2]`);
    expect(readInferResult(put('f.json', '{"accuracy":0.7,"f1_macro":0.6,"n":10,"split":"test"}'))).toEqual({ accuracy: 0.7, f1_macro: 0.6, n: 10 });
  });
});
