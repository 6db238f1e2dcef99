// Test helpers: a contract-shaped run config and the toy trainer's commands (test/fixtures/toy-bertfit.mjs).
import { fileURLToPath } from 'node:url';
import { resolveConfig } from '@bertfit/config';
import { bertfitCommands, type JobCommands } from '../src/jobs/commands.js';
import type { RunConfigLike } from '../src/config-types.js';

export const TOY = fileURLToPath(new URL('./fixtures/toy-bertfit.mjs', import.meta.url));

// The real argument builder with the toy as the program: the toy reads the same flags (and ignores --out, --overwrite).
export const toyCommands: JobCommands = bertfitCommands([process.execPath, TOY]);

export function toyConfig(outputDir: string, over: Partial<RunConfigLike['orchestrator']> = {}): RunConfigLike {
  const base = resolveConfig({
    set: ['name=toy', `outputDir=${outputDir}`, 'data.source=demo', 'train.maxSteps=40', 'train.saveEvery=10', 'train.learningRate=3e-5', 'train.warmupSteps=0'],
  });
  // A mutable copy: tests adjust fields, the resolved config itself is frozen.
  return structuredClone({ ...base, orchestrator: { ...base.orchestrator, ...over } });
}
