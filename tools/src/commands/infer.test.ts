import { describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { repoRoot } from '@bertfit/config';
import { loadLocalDataset, writeDemoTokenizer } from '@bertfit/data';
import { PREDICTIONS_FORMATS } from '@bertfit/infer';
import { main } from '../main.js';
import { FORMAT_CHOICES } from './infer.js';

async function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** The infer package's tiny parity BERT with the demo tokenizer, as `best/` of a temporary run folder. */
async function checkpoint(): Promise<string> {
  const fixture = join(repoRoot(), 'packages', 'infer', 'test', 'fixtures', 'bert-parity');
  const dir = join(await mkdtemp(join(tmpdir(), 'bertfit-cli-run-')), 'best');
  await mkdir(dir);
  for (const f of ['model.safetensors', 'config.json']) await copyFile(join(fixture, f), join(dir, f));
  await writeDemoTokenizer(dir);
  return dir;
}

describe('bertfit infer / export', () => {
  it('infer prints the three recipe lines, --json the metrics object', async () => {
    const ckpt = await checkpoint();
    const data = join(ckpt, 'some.jsonl');
    await writeFile(data, '{"text":"what a great day","label":"positive"}\n{"text":"so sad","label":0}\n');
    const r = await run(['infer', '--checkpoint', ckpt, '--preset', 'demo', '--data', data, '--result', join(ckpt, 'r.json')]);
    // The default outputs: a new folder named after the data and the UTC time in the run folder, not in best/.
    const outDir = join(dirname(ckpt), 'predictions', (await readdir(join(dirname(ckpt), 'predictions')))[0]!);
    expect(outDir).toMatch(/\/predictions\/some-\d{8}T\d{6}Z$/);
    expect(r.err).toBe(`infer: wrote ${outDir} (predictions.jsonl, metrics.json; ids are 0-based data rows: no "id" column (data.idColumn names another))`);
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe('length of dataset is 2');
    expect(lines[1]).toMatch(/^The generation accuracy is (0|50|100)\.0000 %\.$/);
    expect(lines[2]).toMatch(/^Total inference time is \d+\.\d\d sec\.$/);
    expect((await readdir(outDir)).sort()).toEqual(['metrics.json', 'predictions.jsonl']);
    expect(JSON.parse(await readFile(join(ckpt, 'r.json'), 'utf8')).n).toBe(2);
    const j = await run(['infer', '--checkpoint', ckpt, '--preset', 'demo', '--split', 'test', '--json', '--precision', 'int8']);
    expect(j.code).toBe(0);
    expect(JSON.parse(j.out).n).toBe(600);
  });

  it("infer scores an unlabelled CSV: predictions.csv with the file's ids, no metrics, no accuracy line; never over earlier outputs", async () => {
    const ckpt = await checkpoint();
    const data = join(dirname(ckpt), 'new.csv');
    await writeFile(data, 'id,text\nt-17,"love it, ""really"""\nt-4,so sad\n');
    const out = join(dirname(ckpt), 'scored');
    const argv = ['infer', '--checkpoint', ckpt, '--preset', 'demo', '--data', data, '--out', out, '--threads', '1'];
    const r = await run([...argv, '--format', 'csv']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^length of dataset is 2\nTotal inference time is \d+\.\d\d sec\.$/);
    expect(r.err).toBe(
      [
        `infer: ${data} has no "label" column: writing predictions only, no metrics or accuracy (set data.labelColumn if its labels are in another column)`,
        `infer: wrote ${out} (predictions.csv; ids from column "id")`,
      ].join('\n'),
    );
    expect(await readdir(out)).toEqual(['predictions.csv']);
    const csv = await readFile(join(out, 'predictions.csv'), 'utf8');
    expect(csv.split('\n')[0]).toBe('id,text,prediction,probability_negative,probability_neutral,probability_positive');
    // The CSV reads back through the data package: ids and texts (quotes and commas included) survive.
    const back = await loadLocalDataset({
      file: join(out, 'predictions.csv'),
      textColumn: 'text',
      labelColumn: 'prediction',
      labels: ['negative', 'neutral', 'positive'],
      emptyText: 'error',
      ids: { column: 'id', ifMissing: 'error' },
    });
    expect(back.examples.map((e) => [e.id, e.text])).toEqual([
      ['t-17', 'love it, "really"'],
      ['t-4', 'so sad'],
    ]);

    const again = await run(argv);
    expect(again.code).toBe(1);
    expect(again.err).toBe(`bertfit: infer: --out ${out} already holds files (pass --overwrite to replace them, or choose another --out)`);
    const replaced = await run([...argv, '--overwrite', '--json']);
    expect(replaced.code).toBe(0);
    expect(Object.keys(JSON.parse(replaced.out) as object)).toEqual(['n', 'seconds', 'samples_per_second']);
    expect(await readdir(out)).toEqual(['predictions.jsonl']);
  });

  it("infer names the option and the value of a bad count; its formats are the infer package's", async () => {
    for (const [flag, value, shown] of [
      ['--workers', 'abc', '"abc"'],
      ['--batch-size', 'abc', '"abc"'],
      ['--threads', 'abc', '"abc"'],
      ['--threads', '0', '0'],
      ['--batch-size', '1.5', '1.5'],
    ] as const) {
      const r = await run(['infer', '--checkpoint', 'x', '--preset', 'demo', flag, value]);
      expect([r.code, r.err]).toEqual([1, `bertfit: ${flag} must be a positive integer, got ${shown}`]);
    }
    expect(FORMAT_CHOICES).toEqual(PREDICTIONS_FORMATS);
  });

  it('a split whose file lacks the label column names data.labelColumn; an explicit data.idColumn must exist', async () => {
    const ckpt = await checkpoint();
    const train = join(dirname(ckpt), 'train.csv');
    await writeFile(train, 'text,sentiment\na,positive\nb,negative\nc,neutral\nd,positive\n');
    const split = await run(['infer', '--checkpoint', ckpt, '--preset', 'demo', '--set', 'data.source=local', '--set', `data.trainFile=${train}`, '--split', 'validation']);
    expect([split.code, split.err]).toEqual([
      1,
      `bertfit: ${train}: missing column "label" (columns: text, sentiment); set data.labelColumn to the column that holds the labels (\`bertfit infer\` also scores files without labels)`,
    ]);
    const ids = await run(['infer', '--checkpoint', ckpt, '--preset', 'demo', '--set', 'data.idColumn=tweet_id', '--data', train]);
    expect([ids.code, ids.err]).toEqual([1, `bertfit: ${train}: missing column "tweet_id" (columns: text, sentiment); data.idColumn names it`]);
    expect(existsSync(join(dirname(ckpt), 'predictions'))).toBe(false);
  });

  it('infer fails clearly on a bad checkpoint and on --split with --data', async () => {
    const bad = await run(['infer', '--checkpoint', '/nonexistent/ckpt', '--preset', 'demo']);
    expect(bad.code).toBe(1);
    expect(bad.err).toBe('bertfit: loading checkpoint /nonexistent/ckpt: the folder does not exist');
    const both = await run(['infer', '--checkpoint', 'x', '--split', 'test', '--data', 'y.csv']);
    expect(both.code).toBe(2);
    expect(both.err).toContain('Arguments split and data are mutually exclusive');
  });

  it('export writes the transformers.js folder', async () => {
    const ckpt = await checkpoint();
    const out = join(ckpt, 'exported');
    const r = await run(['export', '--checkpoint', ckpt, '--out', out]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(new RegExp(`^exported ${ckpt} to ${out}\\n  onnx/model.onnx [\\d.]+ MiB \\(fp32\\), onnx/model_quantized.onnx [\\d.]+ MiB \\(15 weights in int8\\)$`));
    expect(existsSync(join(out, 'onnx', 'model_quantized.onnx'))).toBe(true);
    const again = await run(['export', '--checkpoint', ckpt, '--out', out]);
    expect(again.code).toBe(1);
    expect(again.err).toBe(`bertfit: export: ${out} already exists (remove it or choose another --out)`);
  });
});
