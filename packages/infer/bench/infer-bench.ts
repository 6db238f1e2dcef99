// `nx run infer:bench`: inference throughput of bertfit (fp32, int8), transformers.js' pipeline on the
// exported model, and the PyTorch reference, for bert-base and bert-mini (random init), on the real
// train split's first 3,534 texts (the demo test set without ../shared), all in one invocation.
// Options: --models base,mini  --rows N  --batch-size 64  --skip-torch  --skip-tjs  --skip-single (the 1-session row)
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { env, pipeline } from '@huggingface/transformers';
import { sharedDir } from '@bertfit/config';
import { threadsLine, torchReferenceEnv } from '../../../tools/bench/openblas-kernel.js';
import { demoDataset, demoTokenizer, loadLocalDataset, loadTokenizer, type BertTokenizer, type Example } from '@bertfit/data';
import { Classifier, exportForTransformersJs, loadCheckpoint, modelBytes, softmaxRows, type Precision } from '../src/index.js';
import { LABELS, randomCheckpoint } from './random-checkpoint.js';

const SIZES = {
  base: { num_hidden_layers: 12, hidden_size: 768, num_attention_heads: 12, intermediate_size: 3072 },
  mini: { num_hidden_layers: 4, hidden_size: 256, num_attention_heads: 4, intermediate_size: 1024 },
} as const;
const MAX_LENGTH = 128;

function arg(name: string, dflt: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : dflt;
}
const flag = (name: string): boolean => process.argv.includes(`--${name}`);

interface Row {
  system: string;
  model: string;
  rows: number;
  seconds: number;
  samplesPerSecond: number;
  accuracy?: number;
  agreeWithFp32?: number;
}

async function texts(rows: number): Promise<{ examples: Example[]; tokenizer: BertTokenizer; source: string }> {
  const shared = sharedDir();
  if (shared === null) {
    const ex = demoDataset().test.slice(0, rows);
    return { examples: ex, tokenizer: demoTokenizer(), source: `demo test set (${ex.length} rows; ../shared is absent)` };
  }
  const file = join(shared, 'data', 'tweet_sentiment_extraction', 'train.jsonl');
  const { examples } = await loadLocalDataset({ file, textColumn: 'text', labelColumn: 'label', labels: LABELS, emptyText: 'keep' });
  return { examples: examples.slice(0, rows), tokenizer: await loadTokenizer(join(shared, 'models', 'bert-base-uncased')), source: `first ${rows} rows of ${file}` };
}

/** Model time only (tokenization timed apart: the PyTorch reference times pre-tokenized batches). */
async function bertfit(
  dir: string,
  precision: Precision,
  examples: Example[],
  batchSize: number,
  workers?: number,
): Promise<{ seconds: number; tokenizeSeconds: number; predictions: number[] }> {
  const ckpt = await loadCheckpoint(dir);
  const clf = await Classifier.create(modelBytes(ckpt, precision), 3, ckpt.config.padTokenId, workers === undefined ? {} : { workers });
  await clf.predict(
    ckpt.tokenizer.encode(
      examples.slice(0, 8).map((e) => e.text),
      { maxLength: MAX_LENGTH },
    ).inputIds,
    { batchSize },
  ); // warm-up
  const t0 = performance.now();
  const { inputIds } = ckpt.tokenizer.encode(
    examples.map((e) => e.text),
    { maxLength: MAX_LENGTH },
  );
  const t1 = performance.now();
  const logits = await clf.predict(inputIds, { batchSize });
  const seconds = (performance.now() - t1) / 1000;
  await clf.release();
  return { seconds, tokenizeSeconds: (t1 - t0) / 1000, predictions: softmaxRows(logits, 3).predictions };
}

/** transformers.js' pipeline, batches of `batchSize` texts in input order (padded to each batch's longest). */
async function transformersJs(exported: string, examples: Example[], batchSize: number): Promise<{ seconds: number; predictions: string[] }> {
  env.allowRemoteModels = false;
  env.localModelPath = dirname(exported);
  const clf = await pipeline('text-classification', basename(exported), { dtype: 'fp32' });
  await clf(examples.slice(0, 8).map((e) => e.text)); // warm-up
  const predictions: string[] = [];
  const t0 = performance.now();
  for (let s = 0; s < examples.length; s += batchSize) {
    const out = (await clf(
      examples.slice(s, s + batchSize).map((e) => e.text),
      { truncation: true, max_length: MAX_LENGTH } as never,
    )) as unknown as { label: string }[];
    for (const o of out) predictions.push(o.label);
  }
  const seconds = (performance.now() - t0) / 1000;
  await clf.dispose();
  return { seconds, predictions };
}

/** ../shared/reference/bench_speed.py, sorted-by-length inference, 1 torch + 2 OpenBLAS threads. */
function pytorch(size: string, rows: number, batchSize: number): { seconds: number } | string {
  const shared = sharedDir();
  const script = shared && join(shared, 'reference', 'bench_speed.py');
  if (!script || !existsSync(script)) return 'no ../shared/reference';
  try {
    execFileSync('/usr/bin/python3', ['-c', 'import torch'], { stdio: 'ignore' });
  } catch {
    return 'no torch in /usr/bin/python3';
  }
  const torchEnv = torchReferenceEnv();
  console.log(torchEnv.line);
  const out = execFileSync(
    '/usr/bin/python3',
    [script, '--models', size, '--threads', '1/2', '--skip-train', '--infer', 'sorted', '--infer-rows', String(rows), '--infer-batch-size', String(batchSize)],
    {
      encoding: 'utf8',
      env: torchEnv.env,
      maxBuffer: 1 << 24,
    },
  );
  const rec = out
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .find((r) => r.kind === 'infer');
  if (rec) console.log(threadsLine(`${availableParallelism()} in all, ${Math.min(availableParallelism(), 4)} worker session(s)`, rec.thread_info));
  return rec ? { seconds: Number(rec.seconds) } : 'bench_speed.py printed no infer record';
}

function row(system: string, model: string, rows: number, seconds: number, extra: Partial<Row> = {}): Row {
  const r = { system, model, rows, seconds, samplesPerSecond: rows / seconds, ...extra };
  console.log(`  ${model} ${system}: ${seconds.toFixed(2)} s, ${r.samplesPerSecond.toFixed(1)} samples/s`);
  return r;
}

async function main(): Promise<void> {
  const models = arg('models', 'base,mini').split(',') as (keyof typeof SIZES)[];
  const batchSize = Number(arg('batch-size', '64'));
  const { examples, tokenizer, source } = await texts(Number(arg('rows', '3534')));
  console.log(
    `infer bench: ${source}; batch ${batchSize}; max length ${MAX_LENGTH}; load average ${(await import('node:os')).loadavg()[0]!.toFixed(2)} (shared machine: timings are noisy)`,
  );
  const results: Row[] = [];
  const accuracy = (p: number[]): number => p.filter((y, i) => y === examples[i]!.label).length / p.length;
  for (const size of models) {
    const dir = await randomCheckpoint(`bert-${size}`, SIZES[size], tokenizer);
    const fp32 = await bertfit(dir, 'fp32', examples, batchSize);
    results.push(row('bertfit fp32', size, examples.length, fp32.seconds, { accuracy: accuracy(fp32.predictions) }));
    results.push(row('bertfit fp32 incl. tokenization', size, examples.length, fp32.seconds + fp32.tokenizeSeconds));
    if (!flag('skip-single')) {
      // The pre-pool setup, for comparison: one in-process session, ORT's threads splitting every op.
      const single = await bertfit(dir, 'fp32', examples, batchSize, 1);
      results.push(row(`bertfit fp32, 1 in-process session × ${availableParallelism()} threads`, size, examples.length, single.seconds));
    }
    const int8 = await bertfit(dir, 'int8', examples, batchSize);
    const agree = int8.predictions.filter((p, i) => p === fp32.predictions[i]).length / examples.length;
    results.push(row('bertfit int8', size, examples.length, int8.seconds, { accuracy: accuracy(int8.predictions), agreeWithFp32: agree }));
    if (!flag('skip-tjs')) {
      const exported = join(dir, 'exported');
      await exportForTransformersJs(dir, exported);
      const tjs = await transformersJs(exported, examples, batchSize);
      const agreeT = tjs.predictions.filter((p, i) => p === LABELS[fp32.predictions[i]!]).length / examples.length;
      results.push(row('transformers.js pipeline fp32 (incl. tokenization)', size, examples.length, tjs.seconds, { agreeWithFp32: agreeT }));
    }
    const torch = flag('skip-torch') ? 'skipped' : pytorch(size, examples.length, batchSize);
    if (typeof torch === 'string') console.log(`PyTorch reference (${size}): not run: ${torch}`);
    else results.push(row('PyTorch 1.13 (sorted, 1+2 threads)', size, examples.length, torch.seconds));
    await rm(dir, { recursive: true, force: true });
    report(results.filter((r) => r.model === size));
  }
}

function report(rows: Row[]): void {
  const base = rows.find((r) => r.system === 'bertfit fp32')!;
  console.log(`\n| model | system | rows | seconds | samples/s | bertfit fp32 ÷ this (speed) | accuracy | agrees with fp32 |`);
  console.log('|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const ratio = base.samplesPerSecond / r.samplesPerSecond;
    console.log(
      `| ${r.model} | ${r.system} | ${r.rows} | ${r.seconds.toFixed(2)} | ${r.samplesPerSecond.toFixed(1)} | ${ratio.toFixed(2)}× | ${r.accuracy === undefined ? '' : `${(r.accuracy * 100).toFixed(2)} %`} | ${r.agreeWithFp32 === undefined ? '' : `${(r.agreeWithFp32 * 100).toFixed(2)} %`} |`,
    );
  }
  const int8 = rows.find((r) => r.system === 'bertfit int8');
  if (int8) console.log(`int8 speed-up over bertfit fp32: ${(int8.samplesPerSecond / base.samplesPerSecond).toFixed(2)}×`);
}

await main();
