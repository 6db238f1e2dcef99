import type { Argv } from 'yargs';
import type { Precision, PredictionsFormat } from '@bertfit/infer';
import { configFrom, deviceFrom, runConfigFile, withConfigOptions, withDeviceOption, type ConfigArgs } from '../common-options.js';
import type { Output } from '../output.js';
import { positiveInt } from '../positive-int.js';

interface InferArgs extends ConfigArgs {
  checkpoint: string;
  split?: 'test' | 'validation';
  data?: string;
  out?: string;
  overwrite: boolean;
  format: PredictionsFormat;
  json?: boolean;
  result?: string;
  precision: Precision;
  batchSize?: number;
  threads?: number;
  workers?: number;
  device: string;
}

/** @bertfit/infer's PRECISIONS, listed here so `bertfit --help` need not load onnxruntime (main.test.ts checks they agree). */
const PRECISION_CHOICES: readonly Precision[] = ['fp32', 'int8'];
/** @bertfit/infer's PREDICTIONS_FORMATS, for the same reason (infer.test.ts checks they agree). */
export const FORMAT_CHOICES: readonly PredictionsFormat[] = ['jsonl', 'csv'];

export function inferCommand(io: Output) {
  return {
    command: 'infer',
    describe: 'score a checkpoint on a split or a data file',
    builder: (y: Argv) =>
      withDeviceOption(withConfigOptions(y))
        .option('checkpoint', { type: 'string', demandOption: true, describe: 'checkpoint folder (model.safetensors, config.json, tokenizer files)' })
        .option('split', { type: 'string', choices: ['test', 'validation'] as const, describe: "split of the config's data to score (default infer.split)" })
        .option('data', { type: 'string', describe: "score this local file (CSV/TSV/JSONL/Parquet) with the config's columns; without a label column: predictions only" })
        .option('out', { type: 'string', describe: 'folder for the predictions and metrics.json (default <folder holding the checkpoint>/predictions/<split or file>-<UTC time>)' })
        .option('overwrite', { type: 'boolean', default: false, describe: 'replace --out when it already holds files' })
        .option('format', { type: 'string', choices: FORMAT_CHOICES, default: 'jsonl' as PredictionsFormat, describe: 'predictions.jsonl or predictions.csv' })
        .option('json', { type: 'boolean', default: false, describe: 'print the metrics object (n and timing without labels) instead of the three recipe lines' })
        .option('result', { type: 'string', describe: 'also write {accuracy, f1_macro, ..., samples_per_second} to this file (needs labels)' })
        .option('precision', { type: 'string', choices: PRECISION_CHOICES, default: 'fp32' as Precision, describe: 'fp32, or int8 (linear weights and word embeddings)' })
        // No yargs `type` on the counts: it would turn "abc" into NaN before positiveInt sees it.
        .option('batch-size', { coerce: positiveInt('--batch-size'), describe: 'rows per batch (default infer.batchSize)' })
        .option('threads', { coerce: positiveInt('--threads'), describe: 'CPU threads in all (default: one per core)' })
        .option('workers', {
          coerce: positiveInt('--workers'),
          describe: 'sessions scoring batches in parallel, one worker thread each (default min(threads, 4) on cpu, 1 on cuda; 1 = in-process)',
        })
        .conflicts('split', 'data'),
    handler: async (args: InferArgs) => {
      // Without --config, the run's own config, so `--split` resolves to the run's data.
      const config = configFrom({ ...args, config: args.config ?? runConfigFile(args.checkpoint) });
      const device = await deviceFrom(args);
      const { runInfer } = await import('@bertfit/infer');
      const run = await runInfer({
        checkpoint: args.checkpoint,
        config,
        input: args.data !== undefined ? { kind: 'file', file: args.data } : { kind: 'split', split: args.split ?? config.infer.split },
        ...(args.out === undefined ? {} : { outDir: args.out }),
        overwrite: args.overwrite,
        format: args.format,
        ...(args.result === undefined ? {} : { resultFile: args.result }),
        ...(args.batchSize === undefined ? {} : { batchSize: args.batchSize }),
        ...(args.threads === undefined ? {} : { threads: args.threads }),
        ...(args.workers === undefined ? {} : { workers: args.workers }),
        precision: args.precision,
        device,
        ...(args.json ? {} : { log: (line: string) => io.out(line) }),
        note: (line: string) => io.err(line),
        progress: process.stderr,
      });
      const timing = { n: run.n, seconds: run.seconds, samples_per_second: run.seconds > 0 ? run.n / run.seconds : 0 };
      if (args.json) io.out(JSON.stringify(run.metrics ?? timing, null, 2));
    },
  };
}
