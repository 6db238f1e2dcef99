// BertConfig: HF `config.json` (snake_case) <-> the typed, validated camelCase form the engine uses.
import { z } from 'zod';
import { checkJson, readJsonFile } from '../rundir/read-json-file.js';
import { hfBertConfigSchema, posInt, prob, type HfBertConfig } from './bert-config-schema.js';

export interface BertConfig {
  vocabSize: number;
  hiddenSize: number;
  numHiddenLayers: number;
  numAttentionHeads: number;
  intermediateSize: number;
  maxPositionEmbeddings: number;
  typeVocabSize: number;
  layerNormEps: number;
  hiddenDropoutProb: number;
  attentionProbsDropoutProb: number;
  /** Dropout before the classifier; null means "use hiddenDropoutProb" (HF). */
  classifierDropout: number | null;
  padTokenId: number;
  initializerRange: number;
  numLabels: number;
  /** Label name per class id; length numLabels. */
  id2label: string[];
  /** Only exact (erf) GELU is supported. */
  hiddenAct: 'gelu';
}

/** The HF key of each numeric field (config.json is snake_case). */
const HF_KEYS = {
  vocabSize: 'vocab_size',
  hiddenSize: 'hidden_size',
  numHiddenLayers: 'num_hidden_layers',
  numAttentionHeads: 'num_attention_heads',
  intermediateSize: 'intermediate_size',
  maxPositionEmbeddings: 'max_position_embeddings',
  typeVocabSize: 'type_vocab_size',
  layerNormEps: 'layer_norm_eps',
  hiddenDropoutProb: 'hidden_dropout_prob',
  attentionProbsDropoutProb: 'attention_probs_dropout_prob',
  padTokenId: 'pad_token_id',
  initializerRange: 'initializer_range',
} as const satisfies Partial<Record<keyof BertConfig, keyof HfBertConfig>>;
type NumericField = keyof typeof HF_KEYS;
const NUMERIC_FIELDS = Object.keys(HF_KEYS) as NumericField[];

function fromHf(hf: HfBertConfig): BertConfig {
  const numeric = Object.fromEntries(NUMERIC_FIELDS.map((f) => [f, hf[HF_KEYS[f]]])) as Record<NumericField, number>;
  return { ...numeric, classifierDropout: hf.classifier_dropout, hiddenAct: hf.hidden_act, numLabels: hf.id2label.length, id2label: hf.id2label };
}

/**
 * Validates an HF BertConfig JSON object. Absent keys take HF's defaults; unrelated keys are ignored.
 * Errors (JsonFileError) name `source`, the key and the value.
 */
export function parseBertConfig(json: unknown, source: string): BertConfig {
  return fromHf(checkJson(json, hfBertConfigSchema, source));
}

/** Reads and validates `config.json`; errors name the path. */
export async function readBertConfig(path: string): Promise<BertConfig> {
  return fromHf(await readJsonFile(path, hfBertConfigSchema));
}

/** HF BertConfig JSON (keys sorted, as `save_pretrained` writes) loadable by Python transformers and transformers.js. */
export function toHfConfigJson(cfg: BertConfig): Record<string, unknown> {
  const d: Record<string, unknown> = {
    architectures: ['BertForSequenceClassification'],
    model_type: 'bert',
    position_embedding_type: 'absolute',
    problem_type: 'single_label_classification',
    torch_dtype: 'float32',
    use_cache: true,
    hidden_act: cfg.hiddenAct,
    classifier_dropout: cfg.classifierDropout,
    id2label: Object.fromEntries(cfg.id2label.map((name, i) => [String(i), name])),
    label2id: Object.fromEntries(cfg.id2label.map((name, i) => [name, i])),
  };
  for (const f of NUMERIC_FIELDS) d[HF_KEYS[f]] = cfg[f];
  return Object.fromEntries(Object.entries(d).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** The run config's `model.architecture` (null = keep) plus dropout and labels. */
export interface BertOverrides {
  numHiddenLayers?: number | null;
  hiddenSize?: number | null;
  numAttentionHeads?: number | null;
  intermediateSize?: number | null;
  /** Sets both hidden and attention dropout (the run config's `model.dropout`). */
  dropout?: number | null;
  id2label?: string[] | null;
}

const overridesSchema = z.object({
  numHiddenLayers: posInt.nullish(),
  hiddenSize: posInt.nullish(),
  numAttentionHeads: posInt.nullish(),
  intermediateSize: posInt.nullish(),
  dropout: prob.nullish(),
  id2label: z.array(z.string()).min(1, { error: 'at least one label' }).nullish(),
});

/** A copy of `cfg` with the non-null overrides applied, re-validated by the config.json schema. */
export function withArchitectureOverrides(cfg: BertConfig, overrides: BertOverrides, source = 'overrides'): BertConfig {
  const o = checkJson(overrides, overridesSchema, source);
  const out: BertConfig = { ...cfg, id2label: [...(o.id2label ?? cfg.id2label)] };
  for (const k of ['numHiddenLayers', 'hiddenSize', 'numAttentionHeads', 'intermediateSize'] as const) out[k] = o[k] ?? cfg[k];
  out.hiddenDropoutProb = o.dropout ?? cfg.hiddenDropoutProb;
  out.attentionProbsDropoutProb = o.dropout ?? cfg.attentionProbsDropoutProb;
  out.numLabels = out.id2label.length;
  // Sizes that are valid alone can still clash (hidden_size vs heads): the one schema checks the whole.
  return parseBertConfig(toHfConfigJson(out), source);
}
