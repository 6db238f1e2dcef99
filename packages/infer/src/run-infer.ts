// `bertfit infer`: checkpoint → session → length-sorted batched inference → the recipe's three lines,
// predictions + metrics.json (+ an optional result file for the orchestrator). Unlabelled data gets
// predictions only.
import type { ResolvedConfig } from '@bertfit/config';
import { BertfitError, writeFileAtomic } from '@bertfit/core';
import type { Device } from '@bertfit/train';
import { loadCheckpoint } from './checkpoint/load-checkpoint.js';
import { DEFAULT_ID_COLUMN, loadInferExamples, type IdSource, type InferInput } from './data/infer-examples.js';
import { inferMetrics, toResult, type InferMetrics } from './report/infer-metrics.js';
import { checkOutDir, defaultOutDir } from './report/out-dir.js';
import { progressBar } from './report/progress-bar.js';
import { predictionRows, writeOutputs, type PredictionsFormat } from './report/write-outputs.js';
import { Classifier, softmaxRows } from './runtime/classifier.js';
import { modelBytes, type Precision } from './runtime/model-bytes.js';

export interface InferOptions {
  checkpoint: string;
  config: ResolvedConfig;
  input: InferInput;
  /** Default `<folder holding the checkpoint>/predictions/<split or data file name>-<UTC time>`. */
  outDir?: string;
  /** Replace an outDir that already holds files (default: refuse). */
  overwrite?: boolean;
  /** predictions.jsonl (default) or predictions.csv. */
  format?: PredictionsFormat;
  precision?: Precision;
  /** Default config.infer.batchSize. */
  batchSize?: number;
  /** CPU threads in all, and sessions scoring batches in parallel (see Classifier's SessionSettings). */
  threads?: number;
  workers?: number;
  /** Where the model runs (default the CPU). */
  device?: Device;
  /** Also write the orchestrator's result object here (labelled data only). */
  resultFile?: string;
  /** Receives the three recipe lines (omit to print nothing). */
  log?: (line: string) => void;
  /** Receives what infer tells the user besides results: missing labels, where the outputs and ids went. */
  note?: (line: string) => void;
  /** Draw a progress bar on this TTY stream. */
  progress?: NodeJS.WriteStream;
}

export interface InferRun {
  /** Against the data's labels; null when it has none (predictions only). */
  metrics: InferMetrics | null;
  n: number;
  /** Wall time of tokenization + inference. */
  seconds: number;
  outDir: string;
  ids: IdSource;
  /** Logits [n × numLabels] in input order. */
  logits: Float32Array;
}

/** The recipe's three lines, exactly (the seed's orchestrator parses them); no accuracy line without labels. */
export function recipeLines(m: { n: number; accuracy: number | null; seconds: number }): string[] {
  return [
    `length of dataset is ${m.n}`,
    ...(m.accuracy === null ? [] : [`The generation accuracy is ${(m.accuracy * 100).toFixed(4)} %.`]),
    `Total inference time is ${m.seconds.toFixed(2)} sec.`,
  ];
}

export async function runInfer(opts: InferOptions): Promise<InferRun> {
  const outDir = opts.outDir ?? defaultOutDir(opts.checkpoint, opts.input);
  checkOutDir(outDir, opts.overwrite ?? false);
  const ckpt = await loadCheckpoint(opts.checkpoint);
  const { config: cfg } = ckpt;
  const maxLength = opts.config.data.maxLength;
  if (maxLength > cfg.maxPositionEmbeddings) {
    throw new BertfitError(`infer: data.maxLength ${maxLength} exceeds the model's max_position_embeddings ${cfg.maxPositionEmbeddings} (${ckpt.dir}/config.json)`);
  }
  const { rows, labels, source, ids } = await loadInferExamples(opts.input, opts.config, cfg.id2label);
  if (labels === null) {
    if (opts.resultFile)
      throw new BertfitError(`infer: --result needs metrics, but ${source} has no "${opts.config.data.labelColumn}" column (data.labelColumn) to compute them from`);
    opts.note?.(
      `infer: ${source} has no "${opts.config.data.labelColumn}" column: writing predictions only, no metrics or accuracy (set data.labelColumn if its labels are in another column)`,
    );
  }
  const classifier = await Classifier.create(modelBytes(ckpt, opts.precision ?? 'fp32'), cfg.numLabels, cfg.padTokenId, {
    ...(opts.threads === undefined ? {} : { threads: opts.threads }),
    ...(opts.workers === undefined ? {} : { workers: opts.workers }),
    ...(opts.device === undefined ? {} : { device: opts.device }),
  });
  const bar = opts.progress ? progressBar(opts.progress) : null;
  let logits: Float32Array;
  const t0 = performance.now();
  try {
    const { inputIds } = ckpt.tokenizer.encode(
      rows.map((e) => e.text),
      { maxLength },
    );
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
  const metrics = labels === null ? null : inferMetrics(labels, predictions, cfg.id2label, seconds);
  const format = opts.format ?? 'jsonl';
  await writeOutputs(outDir, predictionRows(rows, labels, predictions, probs, cfg.id2label), metrics, cfg.id2label, format);
  if (opts.resultFile && metrics) await writeFileAtomic(opts.resultFile, `${JSON.stringify(toResult(metrics), null, 2)}\n`);
  for (const line of recipeLines({ n: rows.length, accuracy: metrics?.accuracy ?? null, seconds })) opts.log?.(line);
  const idNote =
    ids.kind === 'column'
      ? `ids from column "${ids.column}"`
      : opts.input.kind === 'file'
        ? `ids are 0-based data rows: no "${DEFAULT_ID_COLUMN}" column (data.idColumn names another)`
        : "ids are 0-based rows of the split's source";
  opts.note?.(`infer: wrote ${outDir} (predictions.${format}${metrics ? ', metrics.json' : ''}; ${idNote})`);
  return { metrics, n: rows.length, seconds, outDir, ids, logits };
}
