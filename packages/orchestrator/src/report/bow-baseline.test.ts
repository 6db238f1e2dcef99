import { describe, it, expect } from '@jest/globals';
import { resolveConfig } from '@bertfit/config';
import { bowBaseline, runDataBaseline } from './bow-baseline.js';

const ex = (texts: [string, number][]) => texts.map(([text, label]) => ({ text, label }));

describe('bowBaseline', () => {
  it('learns word presence but cannot tell word order apart', () => {
    const words = ex([
      ['good movie', 1],
      ['bad movie', 0],
      ['good song', 1],
      ['bad song', 0],
    ]);
    expect(
      bowBaseline(
        words,
        ex([
          ['good day', 1],
          ['bad day', 0],
        ]),
        2,
      ),
    ).toEqual({ accuracy: 1, f1_macro: 1, vocabulary: 4 });
    // "good but bad" and "bad but good" are the same bag: one prediction for both, so half right at best.
    const order = ex([
      ['good but bad', 0],
      ['bad but good', 1],
    ]);
    expect(bowBaseline(order, order, 2).accuracy).toBe(0.5);
  });

  it('scores the demo data (train part of its split, test split) well below the ~0.9 its word order allows, the same every time', async () => {
    const config = resolveConfig({ preset: 'demo' });
    const fail = (line: string): never => {
      throw new Error(line);
    };
    const a = await runDataBaseline(config, fail);
    expect(a!.f1_macro).toBeGreaterThan(0.65);
    expect(a!.f1_macro).toBeLessThan(0.8);
    expect(await runDataBaseline(config, fail)).toEqual(a);
  });

  it('is skipped, saying why, when the data cannot be read', async () => {
    const config = resolveConfig({ set: ['data.source=local', 'data.trainFile=/nonexistent/train.csv'] });
    const lines: string[] = [];
    expect(await runDataBaseline(config, (l) => lines.push(l))).toBeNull();
    expect(lines[0]).toMatch(/^sweep: the bag-of-words baseline was skipped: .*\/nonexistent\/train\.csv/);
  });
});
