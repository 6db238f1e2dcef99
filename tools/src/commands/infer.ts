import type { Argv } from 'yargs';
import { BertfitError } from '@bertfit/config';
import type { Precision } from '@bertfit/infer';
import { configFrom, deviceFrom, runConfigFile, withConfigOptions, withDeviceOption, type ConfigArgs } from '../common-options.js';
import type { Output } from '../output.js';

interface InferArgs extends ConfigArgs {
  checkpoint: string;
  split?: 'test' | 'validation';
  data?: string;
  out?: string;
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

export function inferCommand(io: Output) {
  return {
    command: 'infer',
    describe: 'score a checkpoint on a split or a data file',
    builder: (y: Argv) =>
      withDeviceOption(withConfigOptions(y))
        .option('checkpoint', { type: 'string', demandOption: true, describe: 'checkpoint folder (model.safetensors, config.json, tokenizer files)' })
        .option('split', { type: 'string', choices: ['test', 'validation'] as const, describe: 'split of the config\'s data to score (default infer.split)' })
        .option('data', { type: 'string', describe: 'score this local file (CSV/TSV/JSONL/Parquet) with the config\'s columns' })
        .option('out', { type: 'string', describe: 'folder for predictions.jsonl and metrics.json (default <checkpoint>/eval-<split or file>)' })
        .option('json', { type: 'boolean', default: false, describe: 'print the metrics object instead of the three recipe lines' })
        .option('result', { type: 'string', describe: 'also write {accuracy, f1_macro, ..., samplesPerSecond} to this file' })
        .option('precision', { type: 'string', choices: PRECISION_CHOICES, default: 'fp32' as Precision, describe: 'fp32, or int8 MatMul weights' })
        .option('batch-size', { type: 'number', describe: 'rows per batch (default infer.batchSize)' })
        .option('threads', { type: 'number', describe: 'CPU threads in all (default: one per core)' })
        .option('workers', { type: 'number', describe: 'sessions scoring batches in parallel, one worker thread each (default min(threads, 4) on cpu, 1 on cuda; 1 = in-process)' })
        .conflicts('split', 'data'),
    handler: async (args: InferArgs) => {
      // Without --config, the run's own config, so `--split` resolves to the run's data.
      const config = configFrom({ ...args, config: args.config ?? runConfigFile(args.checkpoint) });
      const device = await deviceFrom(args);
      if (args.batchSize !== undefined && !(Number.isInteger(args.batchSize) && args.batchSize > 0)) {
        throw new BertfitError(`infer: --batch-size must be a positive integer, got ${args.batchSize}`);
      }
      const { runInfer } = await import('@bertfit/infer');
      const run = await runInfer({
        checkpoint: args.checkpoint,
        config,
        input: args.data !== undefined ? { kind: 'file', file: args.data } : { kind: 'split', split: args.split ?? config.infer.split },
        ...(args.out === undefined ? {} : { outDir: args.out }),
        ...(args.result === undefined ? {} : { resultFile: args.result }),
        ...(args.batchSize === undefined ? {} : { batchSize: args.batchSize }),
        ...(args.threads === undefined ? {} : { threads: args.threads }),
        ...(args.workers === undefined ? {} : { workers: args.workers }),
        precision: args.precision,
        device,
        ...(args.json ? {} : { log: (line: string) => io.out(line) }),
        progress: process.stderr,
      });
      if (args.json) io.out(JSON.stringify(run.metrics, null, 2));
    },
  };
}
