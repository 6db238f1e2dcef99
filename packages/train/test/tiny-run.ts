// The tiny demo run the trainer's tests train for real: one layer of hidden 32, 32 rows a step, one
// thread — seconds per run. Tests append their own `--set` overrides; later ones win.
import { type ResolvedConfig, resolveConfig } from '@bertfit/config';
import type { TrainOptions } from '../src/trainer/trainer.js';

/** The tiny BERT: 1 layer, hidden 32, 2 heads, intermediate 64. */
export const TINY_MODEL: readonly string[] = [
  'model.architecture.numHiddenLayers=1',
  'model.architecture.hiddenSize=32',
  'model.architecture.numAttentionHeads=2',
  'model.architecture.intermediateSize=64',
];

/** The tiny BERT trained on batches of 32 rows, no accumulation, one thread. */
export const TINY_RUN: readonly string[] = [...TINY_MODEL, 'train.perDeviceBatchSize=32', 'train.gradientAccumulationSteps=1', 'train.threads=1'];

/** The demo preset with TINY_RUN and then `set`, paths against `dir`. */
export function tinyConfig(dir: string, set: readonly string[] = []): ResolvedConfig {
  return resolveConfig({ preset: 'demo', cwd: dir, set: [...TINY_RUN, ...set] });
}

/** Train options that print nothing. */
export const quiet = { log: () => {}, progress: { write: () => true } } satisfies TrainOptions;
