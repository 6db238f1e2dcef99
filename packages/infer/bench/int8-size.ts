// `nx run infer:bench-int8`: what int8 export buys and costs. Sizes: onnx/model.onnx vs
// onnx/model_quantized.onnx of bert-base (the shared config.json's shape when ../shared has it) and
// bert-mini, random init, each exported as `bertfit export` does and then loaded by transformers.js
// (fp32 and q8). Scores: models trained from scratch on the demo data, their test split scored fp32 and int8.
// Options: --models base,mini  --train demo,mini (default demo; '' for none)  --mini-epochs 4
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { env, pipeline } from '@huggingface/transformers';
import { resolveConfig, sharedDir } from '@bertfit/config';
import { demoDataset, demoTokenizer, loadTokenizer, type BertTokenizer } from '@bertfit/data';
import { argmaxRows, train } from '@bertfit/train';
import { exportForTransformersJs, runInfer, type Precision } from '../src/index.js';
import { randomCheckpoint } from './random-checkpoint.js';

const BASE = { vocab_size: 30522, num_hidden_layers: 12, hidden_size: 768, num_attention_heads: 12, intermediate_size: 3072, max_position_embeddings: 512 };
const MINI = { ...BASE, num_hidden_layers: 4, hidden_size: 256, num_attention_heads: 4, intermediate_size: 1024 };

function arg(name: string, dflt: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : dflt;
}
const mib = (n: number): string => (n / 2 ** 20).toFixed(1);

/** bert-base-uncased's config.json and tokenizer from ../shared, else the standard shape and the demo tokenizer. */
async function baseShape(): Promise<{ shape: Record<string, unknown>; tokenizer: BertTokenizer; source: string }> {
  const shared = sharedDir();
  const dir = shared === null ? null : join(shared, 'models', 'bert-base-uncased');
  if (dir === null || !existsSync(join(dir, 'config.json'))) return { shape: BASE, tokenizer: demoTokenizer(), source: 'the standard bert-base shape (no ../shared)' };
  const shape = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8')) as Record<string, unknown>;
  return { shape, tokenizer: await loadTokenizer(dir), source: join(dir, 'config.json') };
}

/** transformers.js opens the export offline and scores a few texts; the labels of fp32 and q8 that agree. */
async function transformersJsAgreement(dir: string, texts: string[]): Promise<number> {
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = dirname(dir);
  const labels: string[][] = [];
  for (const dtype of ['fp32', 'q8'] as const) {
    const clf = await pipeline('text-classification', basename(dir), { dtype });
    labels.push(((await clf(texts)) as { label: string }[]).map((r) => r.label));
    await clf.dispose();
  }
  return labels[0]!.filter((l, i) => l === labels[1]![i]).length;
}

async function sizes(models: string[]): Promise<void> {
  const texts = demoDataset({ size: 40 }).test.map((e) => e.text);
  const base = await baseShape();
  console.log(`bert-base shape: ${base.source}`);
  console.log('model       fp32 MiB   int8 MiB   int8/fp32   int8 weights   transformers.js fp32 vs q8 labels');
  for (const m of models) {
    if (m !== 'base' && m !== 'mini') throw new Error(`bench-int8: --models ${m}: expected base or mini`);
    const ckpt = await randomCheckpoint(`bert-${m}`, m === 'base' ? base.shape : MINI, m === 'base' ? base.tokenizer : demoTokenizer());
    const out = join(ckpt, 'export');
    const r = await exportForTransformersJs(ckpt, out);
    const agree = await transformersJsAgreement(out, texts);
    console.log(
      `bert-${m.padEnd(6)} ${mib(r.fp32Bytes).padStart(8)} ${mib(r.int8Bytes).padStart(10)} ${((100 * r.int8Bytes) / r.fp32Bytes).toFixed(1).padStart(10)} % ${String(r.quantized.length).padStart(12)}   ${agree}/${texts.length} (loaded both)`,
    );
    await rm(ckpt, { recursive: true });
  }
}

/** The demo data's models: the preset's own (L 2, H 64), and bert-mini's shape trained for fewer epochs. */
const TRAINED: Record<string, string[]> = {
  demo: [],
  mini: [
    'model.architecture.numHiddenLayers=4',
    'model.architecture.hiddenSize=256',
    'model.architecture.numAttentionHeads=4',
    'model.architecture.intermediateSize=1024',
    `train.epochs=${arg('mini-epochs', '4')}`,
    'train.threads=2',
  ],
};

/** A model trained from scratch on the demo preset's data, its test split scored in fp32 and int8 from the same checkpoint. */
async function scores(model: string): Promise<void> {
  const sets = TRAINED[model];
  if (sets === undefined) throw new Error(`bench-int8: --train ${model}: expected one of ${Object.keys(TRAINED).join(', ')}`);
  const dir = await mkdtemp(join(tmpdir(), `bertfit-int8-${model}-`));
  const config = resolveConfig({ file: null, preset: 'demo', set: [`outputDir=${dir}`, ...sets] });
  const t0 = performance.now();
  const trained = await train(config, { log: () => {}, progress: { isTTY: false, write: () => true } });
  if (trained.bestDir === null) throw new Error(`bench-int8: training ${trained.runDir} left no best checkpoint`);
  const arch = config.model.architecture;
  console.log(
    `${model} (L ${arch.numHiddenLayers}, H ${arch.hiddenSize}, ${config.train.epochs} epochs) trained in ${((performance.now() - t0) / 1000).toFixed(0)} s (best step ${trained.best?.step}); test split:`,
  );
  console.log('precision   accuracy   macro-F1');
  const got = new Map<Precision, { accuracy: number; f1: number; logits: Float32Array }>();
  for (const precision of ['fp32', 'int8'] as const) {
    const r = await runInfer({ checkpoint: trained.bestDir, config, input: { kind: 'split', split: 'test' }, precision, outDir: join(dir, `test-${precision}`) });
    if (r.metrics === null) throw new Error('bench-int8: the demo test split has no labels');
    got.set(precision, { accuracy: r.metrics.accuracy, f1: r.metrics.f1_macro, logits: r.logits });
    console.log(`${precision.padEnd(9)} ${(100 * r.metrics.accuracy).toFixed(2).padStart(9)} ${(100 * r.metrics.f1_macro).toFixed(2).padStart(10)}   (n ${r.n})`);
  }
  const [a, b] = [got.get('fp32')!, got.get('int8')!];
  const classes = config.data.labels.length;
  let maxDiff = 0;
  for (let i = 0; i < a.logits.length; i++) maxDiff = Math.max(maxDiff, Math.abs(a.logits[i]! - b.logits[i]!));
  const [pa, pb] = [argmaxRows(a.logits, classes), argmaxRows(b.logits, classes)];
  console.log(`int8 vs fp32: same prediction on ${pa.filter((p, i) => p === pb[i]).length}/${pa.length} rows, max |Δ logit| ${maxDiff.toFixed(4)}`);
  console.log(`int8 − fp32: accuracy ${(100 * (b.accuracy - a.accuracy)).toFixed(2)} points, macro-F1 ${(100 * (b.f1 - a.f1)).toFixed(2)} points`);
  await rm(dir, { recursive: true });
}

await sizes(
  arg('models', 'base,mini')
    .split(',')
    .filter((m) => m !== ''),
);
for (const model of arg('train', 'demo')
  .split(',')
  .filter((m) => m !== ''))
  await scores(model);
