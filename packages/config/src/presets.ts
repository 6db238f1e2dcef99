import type { ConfigInput } from './schema/index.js';

/**
 * Named starting points under a config file and --set overrides.
 * - `seed`: the study's recipe (Hub data, pretrained bert-base-uncased) — the schema's defaults, plus a
 *   learning-rate grid for `bertfit sweep`.
 * - `demo`: the embedded demo data and a small BERT from scratch; a full run takes a couple of minutes on 2 cores.
 */
export const PRESETS = {
  seed: {
    // The grid BERT's authors searched for fine-tuning; `bertfit sweep --preset seed` runs it.
    orchestrator: { sweep: { grid: { 'train.learningRate': [2e-5, 3e-5, 5e-5] } } },
  },
  demo: {
    name: 'demo',
    data: { source: 'demo', maxLength: 32 },
    model: {
      name: 'bertfit-demo',
      init: 'random',
      architecture: { numHiddenLayers: 2, hiddenSize: 64, numAttentionHeads: 2, intermediateSize: 128 },
    },
    train: {
      epochs: 3,
      perDeviceBatchSize: 32,
      gradientAccumulationSteps: 1,
      learningRate: 1e-3,
      warmupSteps: 20,
      logEvery: 10,
      evalEvery: 50,
      saveEvery: 50,
      earlyStopping: { patience: 3, threshold: 0 },
    },
    infer: { split: 'test' },
    orchestrator: { sweep: { grid: { 'train.learningRate': [5e-4, 1e-3, 2e-3, 4e-3] }, maxConcurrent: 2 } },
  },
} as const satisfies Record<string, ConfigInput>;

export type PresetName = keyof typeof PRESETS;
export const PRESET_NAMES = Object.keys(PRESETS) as PresetName[];
