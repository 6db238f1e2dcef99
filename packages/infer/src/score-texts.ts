// Texts held in memory → predicted labels and probabilities: the library form of `bertfit infer`
// for code that has strings rather than a data file (runInfer scores files and splits).
import { BertfitError } from '@bertfit/core';
import { loadCheckpoint } from './checkpoint/load-checkpoint.js';
import { Classifier, softmaxRows, type SessionSettings } from './runtime/classifier.js';
import { modelBytes, type Precision } from './runtime/model-bytes.js';

export interface ScoreTextsOptions extends SessionSettings {
  /** Tokens per text, [CLS] and [SEP] included; longer texts are truncated (default 128, the recipe's). */
  maxLength?: number;
  /** Texts per onnxruntime run (default 64). */
  batchSize?: number;
  /** fp32 (default), or int8 (linear weights and word embeddings). */
  precision?: Precision;
}

export interface TextScore {
  /** The predicted label's name (config.json's id2label) and id. */
  label: string;
  labelId: number;
  /** One probability per label, in id order. */
  probabilities: number[];
}

/** Scores `texts` with the checkpoint folder `checkpoint` (ours, or an HF BERT classifier folder). */
export async function scoreTexts(checkpoint: string, texts: readonly string[], opts: ScoreTextsOptions = {}): Promise<TextScore[]> {
  const ckpt = await loadCheckpoint(checkpoint);
  const { config } = ckpt;
  const maxLength = opts.maxLength ?? Math.min(128, config.maxPositionEmbeddings);
  if (maxLength > config.maxPositionEmbeddings) {
    throw new BertfitError(`maxLength ${maxLength} exceeds the model's max_position_embeddings ${config.maxPositionEmbeddings} (${ckpt.dir}/config.json)`);
  }
  const classifier = await Classifier.create(modelBytes(ckpt, opts.precision ?? 'fp32'), config.numLabels, config.padTokenId, {
    ...(opts.device === undefined ? {} : { device: opts.device }),
    ...(opts.threads === undefined ? {} : { threads: opts.threads }),
    ...(opts.workers === undefined ? {} : { workers: opts.workers }),
  });
  try {
    const { inputIds } = ckpt.tokenizer.encode([...texts], { maxLength });
    const logits = await classifier.predict(inputIds, { batchSize: opts.batchSize ?? 64 });
    const { probs, predictions } = softmaxRows(logits, config.numLabels);
    return predictions.map((labelId, i) => ({ label: config.id2label[labelId]!, labelId, probabilities: probs[i]! }));
  } finally {
    await classifier.release();
  }
}
