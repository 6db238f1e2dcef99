// `bertfit infer`: checkpoint → session → length-sorted batched inference → the recipe's three lines,
// predictions.jsonl + metrics.json (+ an optional result file for the orchestrator).
import { basename, join } from 'node:path';
import { BertfitError, writeFileAtomic, type ResolvedConfig } from '@bertfit/config';
import type { Device } from '@bertfit/train';
import { loadCheckpoint } from './checkpoint/load-checkpoint.js';
import { loadInferExamples, type InferInput } from './data/infer-examples.js';
import { inferMetrics, toResult, type InferMetrics } from './report/infer-metrics.js';
import { progressBar } from './report/progress-bar.js';
import { predictionRows, writeOutputs } from './report/write-outputs.js';
import { Classifier, softmaxRows } from './runtime/classifier.js';
import { modelBytes, type Precision } from './runtime/model-bytes.js';

export interface InferOptions {
  checkpoint: string;
  config: ResolvedConfig;
  input: InferInput;
  /** Default `<checkpoint>/eval-<split>` or `<checkpoint>/eval-<data file name>`. */
  outDir?: string;
  precision?: Precision;
  /** Default config.infer.batchSize. */
  batchSize?: number;
  /** CPU threads in all, and sessions scoring batches in parallel (see Classifier's SessionSettings). */
  threads?: number;
  workers?: number;
  /** Where the model runs (default the CPU). */
  device?: Device;
  /** Also write the orchestrator's result object here. */
  resultFile?: string;
  /** Receives the three recipe lines (omit to print nothing). */
  log?: (line: string) => void;
  /** Draw a progress bar on this TTY stream. */
  progress?: NodeJS.WriteStream;
}

export interface InferRun {
  metrics: InferMetrics;
  outDir: string;
  /** Logits [n × numLabels] in input order. */
  logits: Float32Array;
}

/** The recipe's three lines, exactly (the seed's orchestrator parses them). */
export function recipeLines(m: Pick<InferMetrics, 'n' | 'accuracy' | 'seconds'>): string[] {
  return [
    `length of dataset is ${m.n}`,
    `The generation accuracy is ${(m.accuracy * 100).toFixed(4)} %.`,
    `Total inference time is ${m.seconds.toFixed(2)} sec.`,
  ];
}

export async function runInfer(opts: InferOptions): Promise<InferRun> {
  const ckpt = await loadCheckpoint(opts.checkpoint);
  const { config: cfg } = ckpt;
  const maxLength = opts.config.data.maxLength;
  if (maxLength > cfg.maxPositionEmbeddings) {
    throw new BertfitError(`infer: data.maxLength ${maxLength} exceeds the model's max_position_embeddings ${cfg.maxPositionEmbeddings} (${ckpt.dir}/config.json)`);
  }
  const { examples } = await loadInferExamples(opts.input, opts.config, cfg.id2label);
  const classifier = await Classifier.create(modelBytes(ckpt, opts.precision ?? 'fp32'), cfg.numLabels, cfg.padTokenId, {
    ...(opts.threads === undefined ? {} : { threads: opts.threads }),
    ...(opts.workers === undefined ? {} : { workers: opts.workers }),
    ...(opts.device === undefined ? {} : { device: opts.device }),
  });
  const bar = opts.progress ? progressBar(opts.progress) : null;
  let logits: Float32Array;
  const t0 = performance.now();
  try {
    const { inputIds } = ckpt.tokenizer.encode(examples.map((e) => e.text), { maxLength });
    logits = await classifier.predict(inputIds, {
      batchSize: opts.batchSize ?? opts.config.infer.batchSize,
      ...(bar ? { onProgress: (d: number, t: number) => bar.update(d, t) } : {}),
    });
  } finally {
    bar?.finish();
    await classifier.release();
  }
  const seconds = (performance.now() - t0) / 1000;
  const { probs, predictions } = softmaxRows(logits, cfg.numLabels);
  const metrics = inferMetrics(examples.map((e) => e.label), predictions, cfg.id2label, seconds);
  const outDir = opts.outDir ?? join(ckpt.dir, `eval-${opts.input.kind === 'file' ? basename(opts.input.file).replace(/\.[^.]+$/, '') : opts.input.split}`);
  await writeOutputs(outDir, predictionRows(examples, predictions, probs, cfg.id2label), metrics);
  if (opts.resultFile) await writeFileAtomic(opts.resultFile, `${JSON.stringify(toResult(metrics), null, 2)}\n`);
  for (const line of recipeLines(metrics)) opts.log?.(line);
  return { metrics, outDir, logits };
}
