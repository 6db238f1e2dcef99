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
  it('reads what bertfit train --result writes, metrics derived from best', () => {
    const real = {
      status: 'stopped',
      reason: 'early_stopping',
      signal: null,
      runDir: '/r',
      bestCheckpoint: '/r/checkpoint-2',
      bestDir: '/r/best',
      lastStep: 3,
      best: { step: 2, metric: 0.61 },
      wallTimeS: 1.5,
      trainSamplesPerSecond: 40,
    };
    const b = put('b.json', JSON.stringify(real));
    expect(readTrainResult(b, 'f1_macro')).toEqual({
      status: 'stopped',
      runDir: '/r',
      bestCheckpoint: '/r/checkpoint-2',
      lastStep: 3,
      best: { step: 2, metric: 0.61 },
      metrics: { f1_macro: 0.61 },
    });
    const none = put('none.json', JSON.stringify({ ...real, bestCheckpoint: null, bestDir: null, best: null }));
    expect(readTrainResult(none, 'f1_macro')).toMatchObject({ best: null, metrics: {} });
    expect(readTrainResult(join(root, 'missing.json'), 'f1_macro')).toBeNull();
  });

  it("rejects a result without the trainer's best field (the old metrics shape)", () => {
    const old = put('old.json', JSON.stringify({ status: 'completed', runDir: '/r', bestCheckpoint: '/r/checkpoint-5', lastStep: 9, metrics: { f1_macro: 0.5 } }));
    expect(() => readTrainResult(old, 'f1_macro')).toThrow(`train result ${old}: field best must be a JSON object, got nothing`);
  });

  it('names the file and field of a bad result', () => {
    const c = put('c.json', JSON.stringify({ status: 'done', runDir: '/r' }));
    expect(() => readTrainResult(c, 'f1_macro')).toThrow(`train result ${c}: field status must be "completed", "stopped" or "failed", got "done"`);
    const d = put('d.json', '{"accuracy": 0.7');
    expect(() => readInferResult(d)).toThrow(`infer result ${d} is not valid JSON: `);
    const e = put('e.json', '[1,2]');
    expect(() => readInferResult(e)).toThrow(`infer result ${e} must hold a JSON object, got [1,2]`);
    expect(readInferResult(put('f.json', '{"accuracy":0.7,"f1_macro":0.6,"n":10,"split":"test"}'))).toEqual({ accuracy: 0.7, f1_macro: 0.6, n: 10 });
  });
});
