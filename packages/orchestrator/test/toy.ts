// Test helpers: a contract-shaped run config and the toy trainer's commands (test/fixtures/toy-bertfit.mjs).
import { fileURLToPath } from 'node:url';
import type { JobCommands } from '../src/jobs/commands.js';
import type { RunConfigLike } from '../src/config-types.js';

export const TOY = fileURLToPath(new URL('./fixtures/toy-bertfit.mjs', import.meta.url));

export const toyCommands: JobCommands = {
  train: ({ configFile, resultFile, resume }) => [process.execPath, TOY, 'train', '--config', configFile, ...(resume ? ['--resume', resume] : []), '--result', resultFile],
  infer: ({ checkpoint, split, resultFile, configFile }) => [process.execPath, TOY, 'infer', '--config', configFile, '--checkpoint', checkpoint, '--split', split, '--json', '--result', resultFile],
};

export function toyConfig(outputDir: string, over: Partial<RunConfigLike['orchestrator']> = {}): RunConfigLike {
  return {
    name: 'toy',
    outputDir,
    seed: 42,
    data: { source: 'demo', textColumn: 'text' },
    train: { maxSteps: 40, saveEvery: 10, learningRate: 3e-5, warmupSteps: 0, metricForBest: 'f1_macro', greaterIsBetter: true },
    orchestrator: {
      executor: 'local',
      slurm: { partition: null, time: null, cpusPerTask: null, mem: null, gres: null, account: null, extraArgs: [] },
      auto: { metric: 'accuracy', target: null, dropPatience: 1, selectOn: 'validation' },
      sweep: { strategy: 'grid', grid: {}, trials: null, maxConcurrent: 2, maxAttempts: 2 },
      ...over,
    },
  };
}
