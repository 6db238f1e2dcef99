// (b) Training throughput through the normal config and Trainer: a random-init BERT (bert-base sizes, or
// tiny ones for a CPU run) on rows of exactly `seq` tokens, `steps` optimizer steps of `batch` rows, with
// train.precision as given. Samples/s are taken between the step-1 and last-step log events, so session
// creation and the first step's warm-up (CUDA/cuBLAS init) are not counted. Its last checkpoint serves (c).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveConfig } from '@bertfit/config';
import { demoDataset, writeDemoTokenizer } from '@bertfit/data';
import { checkpointDir, METRICS_LOG_PATH, readMetricsLog, train } from '@bertfit/train';

export const SIZES = {
  base: { hidden_size: 768, num_hidden_layers: 12, num_attention_heads: 12, intermediate_size: 3072 },
  tiny: { hidden_size: 32, num_hidden_layers: 2, num_attention_heads: 4, intermediate_size: 64 },
} as const;

export interface ThroughputOptions {
  device: string;
  precision: string;
  steps: number;
  batch: number;
  seq: number;
  size: keyof typeof SIZES;
  workDir: string;
  threads: number | null;
}

/** Texts of well over `seq` demo tokens (a dozen demo tweets each), so truncation makes every row `seq` long. */
export function longTexts(n: number, seq: number): { text: string; label: number }[] {
  const tweets = demoDataset({ size: Math.max(200, n * 4), seed: 7 }).train;
  return Array.from({ length: n }, (_, i) => {
    const parts: string[] = [];
    for (let k = 0; parts.join(' ').split(' ').length < seq * 1.5; k++) parts.push(tweets[(i * 13 + k) % tweets.length]!.text);
    return { text: parts.join(' '), label: tweets[i % tweets.length]!.label };
  });
}

export async function modelFolder(dir: string, size: keyof typeof SIZES): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const config = {
    model_type: 'bert',
    vocab_size: 30522,
    max_position_embeddings: 512,
    type_vocab_size: 2,
    hidden_act: 'gelu',
    layer_norm_eps: 1e-12,
    pad_token_id: 0,
    ...SIZES[size],
  };
  writeFileSync(join(dir, 'config.json'), JSON.stringify(config, null, 2));
  await writeDemoTokenizer(dir);
  return dir;
}

export async function trainThroughput(o: ThroughputOptions) {
  const model = await modelFolder(join(o.workDir, 'model'), o.size);
  const rows = longTexts(Math.max(o.batch * 10, 64), o.seq);
  const data = join(o.workDir, 'train.jsonl');
  writeFileSync(data, `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`);
  const config = resolveConfig({
    set: [
      'name=gpu-check',
      `outputDir=${join(o.workDir, 'runs')}`,
      'data.source=local',
      `data.trainFile=${data}`,
      `data.maxLength=${o.seq}`,
      `model.name=${model}`,
      'model.init=random',
      `train.maxSteps=${o.steps}`,
      `train.perDeviceBatchSize=${o.batch}`,
      'train.gradientAccumulationSteps=1',
      `train.devices=${o.device}`,
      `train.precision=${o.precision}`,
      'train.warmupSteps=5',
      `train.logEvery=${o.steps}`,
      `train.evalEvery=${o.steps}`,
      `train.saveEvery=${o.steps}`,
      'train.earlyStopping.patience=null',
      `train.threads=${o.threads ?? 'null'}`,
    ],
  });
  const log: string[] = [];
  const result = await train(config, { log: (l) => void log.push(l), progress: { write: () => true } });
  const trainEvents = (await readMetricsLog(join(result.runDir, METRICS_LOG_PATH))).filter((e) => e.type === 'train');
  const first = trainEvents.find((e) => e.step === 1);
  const last = trainEvents.at(-1);
  if (!first || !last || last.step <= 1) throw new Error(`train throughput: expected train events at step 1 and ${o.steps}, got ${JSON.stringify(trainEvents)}`);
  // Cumulative samples/s at steps 1 and N → the time of each → steps 2..N alone.
  const seconds = (e: { step: number; samples_per_second?: number }) => (e.step * o.batch) / e.samples_per_second!;
  const steady = ((last.step - 1) * o.batch) / (seconds(last) - seconds(first));
  return {
    check: 'train' as const,
    device: o.device,
    precision: o.precision,
    size: o.size,
    batch: o.batch,
    seq: o.seq,
    steps: last.step,
    samples_per_s: Number(steady.toFixed(2)),
    samples_per_s_with_first_step: Number(last.samples_per_second!.toFixed(2)),
    wall_s: Number(result.wallTimeS.toFixed(1)),
    checkpoint: checkpointDir(result.runDir, last.step),
    log,
  };
}
