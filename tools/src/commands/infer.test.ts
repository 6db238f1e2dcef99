import { describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { copyFile, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '@bertfit/config';
import { writeDemoTokenizer } from '@bertfit/data';
import { main } from '../main.js';

async function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** The infer package's tiny parity BERT with the demo tokenizer, as a checkpoint folder. */
async function checkpoint(): Promise<string> {
  const fixture = join(repoRoot(), 'packages', 'infer', 'test', 'fixtures', 'bert-parity');
  const dir = await mkdtemp(join(tmpdir(), 'bertfit-cli-ckpt-'));
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
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines[0]).toBe('length of dataset is 2');
    expect(lines[1]).toMatch(/^The generation accuracy is (0|50|100)\.0000 %\.$/);
    expect(lines[2]).toMatch(/^Total inference time is \d+\.\d\d sec\.$/);
    expect(existsSync(join(ckpt, 'eval-some', 'predictions.jsonl'))).toBe(true);
    expect(JSON.parse(await readFile(join(ckpt, 'r.json'), 'utf8')).n).toBe(2);
    const j = await run(['infer', '--checkpoint', ckpt, '--preset', 'demo', '--split', 'test', '--json', '--precision', 'int8']);
    expect(j.code).toBe(0);
    expect(JSON.parse(j.out).n).toBe(600);
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
    expect(r.out).toMatch(new RegExp(`^exported ${ckpt} to ${out}\\n  onnx/model.onnx [\\d.]+ MiB \\(fp32\\), onnx/model_quantized.onnx [\\d.]+ MiB \\(14 int8 MatMul weights\\)$`));
    expect(existsSync(join(out, 'onnx', 'model_quantized.onnx'))).toBe(true);
    const again = await run(['export', '--checkpoint', ckpt, '--out', out]);
    expect(again.code).toBe(1);
    expect(again.err).toBe(`bertfit: export: ${out} already exists (remove it or choose another --out)`);
  });
});
