import { describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { resolveConfig } from '@bertfit/config';
import { demoDataset } from '@bertfit/data';
import { parityCheckpoint } from '../test/parity-checkpoint.js';
import { recipeLines, runInfer } from './run-infer.js';

const config = resolveConfig({ file: null, preset: 'demo', set: [] });
const LABELS = ['negative', 'neutral', 'positive'];

async function dataFile(rows: { text: string; label: string }[]): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'bertfit-infer-data-'));
  const file = join(dir, 'eval.jsonl');
  await writeFile(file, rows.map((r) => JSON.stringify(r)).join('\n') + (rows.length ? '\n' : ''));
  return file;
}

describe('runInfer', () => {
  it('scores a data file: the three recipe lines, predictions.jsonl in input order and metrics.json', async () => {
    const ckpt = await parityCheckpoint();
    const examples = demoDataset({ size: 200 }).test;
    const file = await dataFile(examples.map((e) => ({ text: e.text, label: LABELS[e.label]! })));
    const lines: string[] = [];
    const resultFile = join(ckpt, 'result.json');
    const notes: string[] = [];
    const run = await runInfer({ checkpoint: ckpt, config, input: { kind: 'file', file }, batchSize: 7, log: (l) => lines.push(l), note: (l) => notes.push(l), resultFile });
    expect(run.outDir).toMatch(new RegExp(`^${dirname(ckpt)}/predictions/eval-\\d{8}T\\d{6}Z$`));
    expect(notes).toEqual([`infer: wrote ${run.outDir} (predictions.jsonl, metrics.json; ids are 0-based data rows: no "id" column (data.idColumn names another))`]);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe(`length of dataset is ${examples.length}`);
    expect(lines[1]).toMatch(/^The generation accuracy is \d+\.\d{4} %\.$/);
    expect(lines[2]).toMatch(/^Total inference time is \d+\.\d{2} sec\.$/);
    const preds = (await readFile(join(run.outDir, 'predictions.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(preds.map((p) => p.id)).toEqual(examples.map((_, i) => i));
    expect(preds.map((p) => p.text)).toEqual(examples.map((e) => e.text));
    const probs = preds[0]!.probabilities as Record<string, number>;
    expect(Object.keys(probs)).toEqual(LABELS);
    expect(Object.values(probs).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    const metrics = JSON.parse(await readFile(join(run.outDir, 'metrics.json'), 'utf8')) as Record<string, unknown>;
    const correct = preds.filter((p) => p.label === p.prediction).length;
    expect(metrics.accuracy).toBeCloseTo(correct / examples.length, 12);
    expect((metrics.confusion_matrix as number[][]).flat().reduce((a, b) => a + b, 0)).toBe(examples.length);
    expect((metrics.per_class as { label: string }[]).map((c) => c.label)).toEqual(LABELS);
    const result = JSON.parse(await readFile(resultFile, 'utf8')) as Record<string, unknown>;
    expect(Object.keys(result).sort()).toEqual(['accuracy', 'f1_macro', 'f1_weighted', 'n', 'precision_macro', 'recall_macro', 'samples_per_second', 'seconds']);
    expect(result.n).toBe(examples.length);
  });

  it('scores the demo preset test split with int8 weights', async () => {
    const ckpt = await parityCheckpoint();
    const run = await runInfer({ checkpoint: ckpt, config, input: { kind: 'split', split: 'test' }, precision: 'int8' });
    expect(run.metrics?.n).toBe(demoDataset().test.length);
    expect(run.outDir).toMatch(new RegExp(`^${dirname(ckpt)}/predictions/test-`));
    expect(existsSync(join(run.outDir, 'metrics.json'))).toBe(true);
  });

  it("scores unlabelled data: predictions with the file's ids, no metrics, and says so", async () => {
    const ckpt = await parityCheckpoint();
    const file = join(dirname(ckpt), 'new.jsonl');
    await writeFile(file, '{"tweet_id":"t-9","text":"love it"}\n{"tweet_id":"t-3","text":"hate it"}\n');
    const idConfig = resolveConfig({ file: null, preset: 'demo', set: ['data.idColumn=tweet_id'] });
    const lines: string[] = [];
    const notes: string[] = [];
    const outDir = join(dirname(ckpt), 'out');
    const run = await runInfer({ checkpoint: ckpt, config: idConfig, input: { kind: 'file', file }, outDir, log: (l) => lines.push(l), note: (l) => notes.push(l) });
    expect(run.metrics).toBeNull();
    expect(lines).toEqual(['length of dataset is 2', expect.stringMatching(/^Total inference time is \d+\.\d{2} sec\.$/)]);
    expect(notes).toEqual([
      `infer: ${file} has no "label" column: writing predictions only, no metrics or accuracy (set data.labelColumn if its labels are in another column)`,
      `infer: wrote ${outDir} (predictions.jsonl; ids from column "tweet_id")`,
    ]);
    expect(await readdir(outDir)).toEqual(['predictions.jsonl']);
    const preds = (await readFile(join(outDir, 'predictions.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(preds.map((p) => [p.id, p.text, 'label' in p])).toEqual([
      ['t-9', 'love it', false],
      ['t-3', 'hate it', false],
    ]);
    await expect(
      runInfer({ checkpoint: ckpt, config: idConfig, input: { kind: 'file', file }, outDir: join(dirname(ckpt), 'o2'), resultFile: join(dirname(ckpt), 'r.json') }),
    ).rejects.toThrow(`infer: --result needs metrics, but ${file} has no "label" column (data.labelColumn) to compute them from`);
  });

  it('rejects labels outside id2label and writes nothing', async () => {
    const ckpt = await parityCheckpoint();
    const file = await dataFile([
      { text: 'fine', label: 'neutral' },
      { text: 'meh', label: 'sarcastic' },
    ]);
    await expect(runInfer({ checkpoint: ckpt, config, input: { kind: 'file', file } })).rejects.toThrow(
      `${file}:2 (row 1): label "sarcastic" is not one of negative, neutral, positive`,
    );
    expect(existsSync(join(dirname(ckpt), 'predictions'))).toBe(false);
  });

  it('rejects an empty data file and a header-only CSV', async () => {
    const ckpt = await parityCheckpoint();
    const file = await dataFile([]);
    await expect(runInfer({ checkpoint: ckpt, config, input: { kind: 'file', file } })).rejects.toThrow(`infer: ${file} has no examples to score (the file is empty)`);
    const csv = join(ckpt, 'header-only.csv');
    await writeFile(csv, 'text,label\n');
    await expect(runInfer({ checkpoint: ckpt, config, input: { kind: 'file', file: csv } })).rejects.toThrow(`infer: ${csv} has no examples to score`);
  });

  it('rejects a maxLength beyond the model positions', async () => {
    const ckpt = await parityCheckpoint();
    const long = resolveConfig({ file: null, preset: 'demo', set: ['data.maxLength=128'] });
    await expect(runInfer({ checkpoint: ckpt, config: long, input: { kind: 'split', split: 'test' } })).rejects.toThrow(
      `infer: data.maxLength 128 exceeds the model's max_position_embeddings 64 (${ckpt}/config.json)`,
    );
  });

  it('refuses an outDir that holds files unless asked to overwrite', async () => {
    const ckpt = await parityCheckpoint();
    const outDir = join(dirname(ckpt), 'taken');
    await mkdir(outDir);
    await writeFile(join(outDir, 'keep.txt'), 'mine');
    await expect(runInfer({ checkpoint: ckpt, config, input: { kind: 'split', split: 'validation' }, outDir })).rejects.toThrow(
      `infer: --out ${outDir} already holds files (pass --overwrite to replace them, or choose another --out)`,
    );
    expect(await readdir(outDir)).toEqual(['keep.txt']);
  });

  it('formats the recipe lines exactly', () => {
    expect(recipeLines({ n: 3534, accuracy: 0.80051, seconds: 12.345 })).toEqual([
      'length of dataset is 3534',
      'The generation accuracy is 80.0510 %.',
      'Total inference time is 12.35 sec.',
    ]);
    expect(recipeLines({ n: 2, accuracy: null, seconds: 0.5 })).toEqual(['length of dataset is 2', 'Total inference time is 0.50 sec.']);
  });
});
