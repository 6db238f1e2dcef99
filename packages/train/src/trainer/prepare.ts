import type { ResolvedConfig } from '@bertfit/config';
import { BertfitError } from '@bertfit/core';
import { classWeights as balancedWeights, dropSummary, numBatches, type EncodedDataset, type Example } from '@bertfit/data';
import type { BertConfig } from '../models/bert-config.js';
import { bertParameterSpecs } from '../models/bert-params.js';
import { initBertParams } from '../models/bert-init.js';
import { loadPretrainedWeights } from '../models/pretrained.js';
import { ParamStore } from '../runtime/param-store.js';
import { globalBatchSize } from '../runtime/shard-batch.js';
import { resolveModel, type ModelSource } from '../setup/model-source.js';
import { loadRunData, type RunData } from '../setup/run-data.js';

/** Everything the loop needs that does not change while it runs. */
export interface Prepared {
  model: ModelSource;
  bertConfig: BertConfig;
  data: RunData;
  train: EncodedDataset;
  validation: EncodedDataset;
  classWeights: Float32Array;
  store: ParamStore;
  microBatchesPerEpoch: number;
  stepsPerEpoch: number;
  totalSteps: number;
}

function encode(model: ModelSource, examples: Example[], maxLength: number): EncodedDataset {
  return {
    inputIds: model.tokenizer.encode(
      examples.map((e) => e.text),
      { maxLength },
    ).inputIds,
    labels: examples.map((e) => e.label),
  };
}

function weightsFor(config: ResolvedConfig, train: Example[]): number[] {
  const cw = config.train.classWeights;
  if (cw === 'none') return config.data.labels.map(() => 1);
  if (cw === 'balanced') return balancedWeights(train, config.data.labels.length);
  return [...cw];
}

/**
 * Loads data and model, tokenizes, and lays out the schedule. Steps are optimizer steps: an epoch of
 * M micro-batches takes ceil(M / A) steps (a last, shorter group still steps: its weighted mean is exact).
 * A micro-batch is global: perDeviceBatchSize × replicas rows, split across the replicas
 * (runtime/shard-batch.ts), so dropLast drops an incomplete global batch.
 */
export async function prepareTraining(config: ResolvedConfig, log: (line: string) => void, replicas = 1): Promise<Prepared> {
  const [model, data] = await Promise.all([resolveModel(config), loadRunData(config, { wantTest: false })]);
  for (const report of data.reports) {
    const dropped = dropSummary(report);
    if (dropped !== null) log(`data: ${dropped}`);
  }
  const train = encode(model, data.train, config.data.maxLength);
  const validation = encode(model, data.validation, config.data.maxLength);
  const t = config.train;
  const microBatchesPerEpoch = numBatches(train.labels.length, { batchSize: globalBatchSize(t.perDeviceBatchSize, replicas), dropLast: t.dropLast });
  if (microBatchesPerEpoch === 0) {
    const global = replicas > 1 ? ` × ${replicas} train.devices = ${globalBatchSize(t.perDeviceBatchSize, replicas)}` : '';
    throw new BertfitError(`train.perDeviceBatchSize ${t.perDeviceBatchSize}${global} exceeds the ${train.labels.length} training examples with dropLast; lower the batch size`);
  }
  const stepsPerEpoch = Math.ceil(microBatchesPerEpoch / t.gradientAccumulationSteps);
  const totalSteps = t.maxSteps ?? stepsPerEpoch * t.epochs;
  for (const key of ['evalEvery', 'saveEvery'] as const) {
    if (t[key] > totalSteps) {
      throw new BertfitError(
        `train.${key} is ${t[key]} but the run has only ${totalSteps} optimizer steps ` +
          `(${stepsPerEpoch} per epoch × ${t.epochs} epochs${t.maxSteps ? `, maxSteps ${t.maxSteps}` : ''}); lower train.${key}`,
      );
    }
  }
  const bertConfig = model.bertConfig;
  const store = ParamStore.create(bertParameterSpecs(bertConfig), { shared: replicas > 1 });
  if (model.weights) {
    const loaded = loadPretrainedWeights(store, bertConfig, model.weights, `${model.dir}/model.safetensors`, { seed: config.seed, warn: log });
    store.assertFinite(`pretrained weights ${model.dir}/model.safetensors`);
    log(`loaded ${store.specs.length - loaded.initialised.length} pretrained tensors from ${model.dir}`);
  } else {
    initBertParams(store, bertConfig, config.seed);
  }
  const weights = weightsFor(config, data.train);
  log(`data: ${data.train.length} train / ${data.validation.length} validation examples; class weights ${weights.map((w) => w.toFixed(4)).join(', ')}`);
  const effective = `${t.perDeviceBatchSize} × ${t.gradientAccumulationSteps} accumulation × ${replicas} replica${replicas > 1 ? 's' : ''}`;
  log(`schedule: ${stepsPerEpoch} optimizer steps per epoch, ${totalSteps} in all, effective batch ${effective}; model ${store.size.toLocaleString('en')} parameters`);
  return { model, bertConfig, data, train, validation, classWeights: Float32Array.from(weights), store, microBatchesPerEpoch, stepsPerEpoch, totalSteps };
}
