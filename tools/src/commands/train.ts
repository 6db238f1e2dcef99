import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Argv } from 'yargs';
import { writeFileAtomic } from '@bertfit/config';
import { configFrom, withConfigOptions, type ConfigArgs } from '../common-options.js';
import type { Output } from '../output.js';

interface TrainArgs extends ConfigArgs {
  resume?: string;
  result?: string;
}

/** Exit code of a run stopped by a signal: 128 + the signal number, as shells report it. */
const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143 } as const;

export function trainCommand(io: Output) {
  return {
    command: 'train',
    describe: 'train a model with the recipe into <outputDir>/<name>/',
    builder: (y: Argv) =>
      withConfigOptions(y)
        .option('resume', { type: 'string', describe: 'continue exactly from a checkpoint folder, or "latest" (the run\'s newest complete checkpoint)' })
        .option('result', { type: 'string', describe: 'write {status, runDir, bestCheckpoint, lastStep, best, ...} as JSON to this file at the end' }),
    handler: async (args: TrainArgs) => {
      const config = configFrom(args);
      // Loaded here, not at the top, so `bertfit --help` starts without onnxruntime (as in every command).
      const { train } = await import('@bertfit/train');
      const result = await train(config, { resume: args.resume ?? null, log: (line) => io.err(line) });
      if (args.result) {
        await mkdir(dirname(resolve(args.result)), { recursive: true });
        await writeFileAtomic(resolve(args.result), `${JSON.stringify(result, null, 2)}\n`);
      }
      io.out(`run ${result.status} (${result.reason}) at step ${result.lastStep}; best ${result.best ? `${config.train.metricForBest} ${result.best.metric.toFixed(4)} at step ${result.best.step}` : 'none'}`);
      io.out(`run directory: ${result.runDir}${result.bestDir ? `\nbest model: ${result.bestDir}` : ''}`);
      if (result.signal) io.exitCode = SIGNAL_EXIT[result.signal];
    },
  };
}
