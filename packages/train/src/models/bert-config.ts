// BertConfig: HF `config.json` (snake_case) <-> the typed, validated camelCase form the engine uses.
import { readFile } from 'node:fs/promises';
import { BertfitError } from '@bertfit/core';

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

type Kind = 'posInt' | 'nonNegInt' | 'positive' | 'prob';
/** camelCase field, HF key, kind, HF BertConfig default (used when the key is absent, as HF does). */
const NUMERIC_FIELDS: [keyof BertConfig, string, Kind, number][] = [
  ['vocabSize', 'vocab_size', 'posInt', 30522],
  ['hiddenSize', 'hidden_size', 'posInt', 768],
  ['numHiddenLayers', 'num_hidden_layers', 'posInt', 12],
  ['numAttentionHeads', 'num_attention_heads', 'posInt', 12],
  ['intermediateSize', 'intermediate_size', 'posInt', 3072],
  ['maxPositionEmbeddings', 'max_position_embeddings', 'posInt', 512],
  ['typeVocabSize', 'type_vocab_size', 'posInt', 2],
  ['layerNormEps', 'layer_norm_eps', 'positive', 1e-12],
  ['hiddenDropoutProb', 'hidden_dropout_prob', 'prob', 0.1],
  ['attentionProbsDropoutProb', 'attention_probs_dropout_prob', 'prob', 0.1],
  ['padTokenId', 'pad_token_id', 'nonNegInt', 0],
  ['initializerRange', 'initializer_range', 'positive', 0.02],
];

const KIND_TEXT: Record<Kind, string> = {
  posInt: 'a positive integer',
  nonNegInt: 'a non-negative integer',
  positive: 'a positive number',
  prob: 'a probability in [0, 1)',
};

function kindOk(kind: Kind, v: unknown): v is number {
  if (typeof v !== 'number' || !Number.isFinite(v)) return false;
  switch (kind) {
    case 'posInt':
      return Number.isSafeInteger(v) && v > 0;
    case 'nonNegInt':
      return Number.isSafeInteger(v) && v >= 0;
    case 'positive':
      return v > 0;
    case 'prob':
      return v >= 0 && v < 1;
  }
}

function bad(source: string, key: string, value: unknown, expected: string): never {
  throw new BertfitError(`BertConfig ${source}: "${key}" is ${JSON.stringify(value)}, expected ${expected}`);
}

function parseId2label(source: string, raw: Record<string, unknown>): string[] {
  const numLabels = raw.num_labels;
  if (numLabels !== undefined && !kindOk('posInt', numLabels)) bad(source, 'num_labels', numLabels, KIND_TEXT.posInt);
  const map = raw.id2label;
  if (map === undefined || map === null) {
    return Array.from({ length: (numLabels as number | undefined) ?? 2 }, (_, i) => `LABEL_${i}`);
  }
  if (typeof map !== 'object' || Array.isArray(map)) bad(source, 'id2label', map, 'an object {"0": name, ...}');
  const entries = Object.entries(map as Record<string, unknown>);
  const labels: string[] = [];
  for (let i = 0; i < entries.length; i++) {
    const name = (map as Record<string, unknown>)[String(i)];
    if (typeof name !== 'string') bad(source, `id2label.${i}`, name, 'a label name (ids must be 0..n-1)');
    labels.push(name);
  }
  if (labels.length === 0) bad(source, 'id2label', map, 'at least one label');
  if (numLabels !== undefined && numLabels !== labels.length) {
    bad(source, 'num_labels', numLabels, `${labels.length}, the number of id2label entries`);
  }
  return labels;
}

/** Validates an HF BertConfig JSON object. Absent keys take HF's defaults; unrelated keys are ignored. */
export function parseBertConfig(json: unknown, source: string): BertConfig {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new BertfitError(`BertConfig ${source}: expected a JSON object, got ${JSON.stringify(json)}`);
  }
  const raw = json as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [field, key, kind, dflt] of NUMERIC_FIELDS) {
    const v = raw[key] ?? dflt;
    if (!kindOk(kind, v)) bad(source, key, raw[key], KIND_TEXT[kind]);
    out[field] = v;
  }
  const cd = raw.classifier_dropout ?? null;
  if (cd !== null && !kindOk('prob', cd)) bad(source, 'classifier_dropout', cd, `null or ${KIND_TEXT.prob}`);
  const act = raw.hidden_act ?? 'gelu';
  if (act !== 'gelu') bad(source, 'hidden_act', act, '"gelu" (exact erf GELU, the only activation implemented)');
  const pos = raw.position_embedding_type ?? 'absolute';
  if (pos !== 'absolute') bad(source, 'position_embedding_type', pos, '"absolute" (the only kind implemented)');
  const id2label = parseId2label(source, raw);
  const cfg = { ...out, classifierDropout: cd, hiddenAct: 'gelu', numLabels: id2label.length, id2label } as BertConfig;
  return checkConsistency(cfg, source);
}

function checkConsistency(cfg: BertConfig, source: string): BertConfig {
  if (cfg.hiddenSize % cfg.numAttentionHeads !== 0) {
    throw new BertfitError(`BertConfig ${source}: "hidden_size" ${cfg.hiddenSize} is not a multiple of "num_attention_heads" ${cfg.numAttentionHeads}`);
  }
  if (cfg.padTokenId >= cfg.vocabSize) bad(source, 'pad_token_id', cfg.padTokenId, `an id below vocab_size ${cfg.vocabSize}`);
  return cfg;
}

/** Reads and validates `config.json`; errors name the path. */
export async function readBertConfig(path: string): Promise<BertConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new BertfitError(`reading BertConfig ${path} failed: ${(err as Error).message}`, { cause: err });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new BertfitError(`BertConfig ${path}: invalid JSON: ${(err as Error).message}`, { cause: err });
  }
  return parseBertConfig(json, path);
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
  for (const [field, key] of NUMERIC_FIELDS) d[key] = cfg[field];
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

/** A copy of `cfg` with the non-null overrides applied and re-validated. */
export function withArchitectureOverrides(cfg: BertConfig, overrides: BertOverrides, source = 'overrides'): BertConfig {
  const out: BertConfig = { ...cfg, id2label: [...cfg.id2label] };
  const sizes = ['numHiddenLayers', 'hiddenSize', 'numAttentionHeads', 'intermediateSize'] as const;
  for (const k of sizes) {
    const v = overrides[k];
    if (v === undefined || v === null) continue;
    if (!kindOk('posInt', v)) bad(source, k, v, KIND_TEXT.posInt);
    out[k] = v;
  }
  if (overrides.dropout !== undefined && overrides.dropout !== null) {
    if (!kindOk('prob', overrides.dropout)) bad(source, 'dropout', overrides.dropout, KIND_TEXT.prob);
    out.hiddenDropoutProb = overrides.dropout;
    out.attentionProbsDropoutProb = overrides.dropout;
  }
  if (overrides.id2label !== undefined && overrides.id2label !== null) {
    if (overrides.id2label.length === 0) bad(source, 'id2label', overrides.id2label, 'at least one label');
    out.id2label = [...overrides.id2label];
    out.numLabels = out.id2label.length;
  }
  return checkConsistency(out, source);
}
