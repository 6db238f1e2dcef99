import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Argv } from 'yargs';
import { writeFileAtomic } from '@bertfit/core';
import { configFrom, runConfigFile, withConfigOptions, type ConfigArgs } from '../common-options.js';
import type { Output } from '../output.js';
import { UsageError } from '../usage-error.js';

interface TrainArgs extends ConfigArgs {
  resume?: string;
  result?: string;
}

/** Exit code of a run stopped by a signal: 128 + the signal number, as shells report it. */
const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143 } as const;

/** The --resume values that name no checkpoint: the run dir comes from the config. */
const RUN_LEVEL_RESUME = ['latest', 'auto'];

/**
 * The config of a run: --config and --set as given; resuming from a checkpoint folder without
 * --config, the run's own run-config.json (so the resume needs nothing but the run).
 */
function trainConfig(args: TrainArgs, io: Output) {
  const resume = args.resume;
  if (resume === undefined || args.config !== undefined || RUN_LEVEL_RESUME.includes(resume)) return configFrom(args);
  const own = runConfigFile(resume);
  if (own === undefined) {
    throw new UsageError(`--resume ${resume}: no run-config.json beside this checkpoint to take the run's config from; pass --config`);
  }
  io.err(`resume: using the run's own config ${own}`);
  return configFrom({ ...args, config: own });
}

export function trainCommand(io: Output) {
  return {
    command: 'train',
    describe: 'train a model with the recipe into <outputDir>/<name>/',
    builder: (y: Argv) =>
      withConfigOptions(y)
        .option('resume', {
          type: 'string',
          describe:
            "continue exactly from a checkpoint folder (without --config: with the run's own run-config.json), " +
            '"latest" (the run\'s newest complete checkpoint) or "auto" (latest if there is one, else start fresh: for SLURM requeue)',
        })
        .option('result', { type: 'string', describe: 'write {status, runDir, bestCheckpoint, lastStep, best, ...} as JSON to this file at the end' }),
    handler: async (args: TrainArgs) => {
      if (args.resume === '') throw new UsageError('--resume needs a value: a checkpoint folder, "latest" or "auto"');
      const config = trainConfig(args, io);
      // Loaded here, not at the top, so `bertfit --help` starts without onnxruntime (as in every command).
      const { checkpointDir, train } = await import('@bertfit/train');
      const result = await train(config, { resume: args.resume ?? null, log: (line) => io.err(line) });
      if (args.result) {
        await mkdir(dirname(resolve(args.result)), { recursive: true });
        await writeFileAtomic(resolve(args.result), `${JSON.stringify(result, null, 2)}\n`);
      }
      io.out(
        `run ${result.status} (${result.reason}) at step ${result.lastStep}; best ${result.best ? `${config.train.metricForBest} ${result.best.metric.toFixed(4)} at step ${result.best.step}` : 'none'}`,
      );
      io.out(`run directory: ${result.runDir}${result.bestDir ? `\nbest model: ${result.bestDir}` : ''}`);
      if (result.signal) {
        // A stopped run checkpointed its last step: this continues it with nothing but the run.
        io.out(`to continue: bertfit train --resume ${checkpointDir(result.runDir, result.lastStep)}`);
        io.exitCode = SIGNAL_EXIT[result.signal];
      }
    },
  };
}
