import { basename, dirname, join } from 'node:path';
import { repoRoot } from '@bertfit/config';

/** The environment of every bertfit job: plain log files, no colour escapes. */
export const JOB_ENV: Readonly<Record<string, string>> = { FORCE_COLOR: '0', NO_COLOR: '1' };

/** Builds the argument arrays of the jobs the orchestrator runs (the `bertfit` CLI contract). */
export interface JobCommands {
  train(a: { configFile: string; resultFile: string; resume: string | null }): string[];
  /** `configFile` names the data to score (a backed-up checkpoint has no run-config.json beside it). */
  infer(a: { checkpoint: string; split: 'validation' | 'test'; resultFile: string; configFile: string }): string[];
}

/**
 * `node <repo>/tools/bin/bertfit.js train|infer …`, with this very node binary; `launcher` replaces
 * that program and its leading arguments (tests run the CLI's sources through tsx).
 */
export function bertfitCommands(launcher: readonly string[] = [process.execPath, join(repoRoot(), 'tools', 'bin', 'bertfit.js')]): JobCommands {
  return {
    train: ({ configFile, resultFile, resume }) => [...launcher, 'train', '--config', configFile, ...(resume ? ['--resume', resume] : []), '--result', resultFile],
    // Predictions go beside the result file: a checkpoint folder is never written after it is complete.
    // The job owns that folder, so a retried job replaces what an interrupted attempt wrote (--overwrite).
    infer: ({ checkpoint, split, resultFile, configFile }) => [
      ...launcher,
      'infer',
      '--config',
      configFile,
      '--checkpoint',
      checkpoint,
      '--split',
      split,
      '--json',
      '--out',
      join(dirname(resultFile), `${basename(resultFile, '.json')}-predictions`),
      '--overwrite',
      '--result',
      resultFile,
    ],
  };
}
