import { describe, expect, it } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { resolveConfig } from '@bertfit/config';
import { demoDataset } from '@bertfit/data';
import { parityCheckpoint } from '../test/parity-checkpoint.js';
import { runInfer } from './run-infer.js';
import { scoreTexts } from './score-texts.js';

describe('scoreTexts', () => {
  it('gives the labels and probabilities runInfer writes for the same texts, in input order', async () => {
    const ckpt = await parityCheckpoint();
    const config = resolveConfig({ preset: 'demo' });
    const texts = demoDataset({ size: 60 }).test.map((e) => e.text);
    const scores = await scoreTexts(ckpt, texts, { maxLength: config.data.maxLength, batchSize: 5, threads: 1, workers: 1 });
    const run = await runInfer({ checkpoint: ckpt, config, input: { kind: 'split', split: 'test' }, threads: 1, workers: 1 });
    const rows = (await readFile(join(run.outDir, 'predictions.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .slice(0, texts.length)
      .map((l) => JSON.parse(l) as { prediction: string; probabilities: Record<string, number> });
    expect(scores.map((s) => s.label)).toEqual(rows.map((r) => r.prediction));
    scores.forEach((s, i) => {
      expect(s.labelId).toBe(['negative', 'neutral', 'positive'].indexOf(s.label));
      Object.values(rows[i]!.probabilities).forEach((p, c) => expect(s.probabilities[c]).toBeCloseTo(p, 6));
    });
  });

  it("names the limit when maxLength exceeds the model's positions", async () => {
    const ckpt = await parityCheckpoint();
    await expect(scoreTexts(ckpt, ['hi'], { maxLength: 100_000 })).rejects.toThrow(/^maxLength 100000 exceeds the model's max_position_embeddings \d+ \(.*config\.json\)$/);
  });
});
