// The parameters of BertForSequenceClassification, named, shaped and ordered exactly like HF's state dict.
import type { BertConfig } from './bert-config.js';

export type ParamInit = 'normal' | 'zeros' | 'ones' | 'embedding';

export interface ParamSpec {
  /** HF state-dict name, e.g. `bert.encoder.layer.0.attention.self.query.weight`. */
  name: string;
  /** Linear weights are [out, in] like torch's nn.Linear. */
  shape: number[];
  /** false for HF Trainer's no-decay group: biases and LayerNorm weights. */
  decay: boolean;
  /** HF `_init_weights`: Linear N(0, range²), Embedding N(0, range²), biases 0, LayerNorm 1 / 0. */
  init: ParamInit;
  /** Embedding row zeroed at init (nn.Embedding's padding_idx): word embeddings only. */
  paddingRow?: number;
}

function linear(out: ParamSpec[], prefix: string, inF: number, outF: number): void {
  out.push({ name: `${prefix}.weight`, shape: [outF, inF], decay: true, init: 'normal' });
  out.push({ name: `${prefix}.bias`, shape: [outF], decay: false, init: 'zeros' });
}

function layerNorm(out: ParamSpec[], prefix: string, h: number): void {
  out.push({ name: `${prefix}.weight`, shape: [h], decay: false, init: 'ones' });
  out.push({ name: `${prefix}.bias`, shape: [h], decay: false, init: 'zeros' });
}

/** Every parameter in HF `state_dict()` order. */
export function bertParameterSpecs(cfg: BertConfig): ParamSpec[] {
  const h = cfg.hiddenSize;
  const specs: ParamSpec[] = [
    { name: 'bert.embeddings.word_embeddings.weight', shape: [cfg.vocabSize, h], decay: true, init: 'embedding', paddingRow: cfg.padTokenId },
    { name: 'bert.embeddings.position_embeddings.weight', shape: [cfg.maxPositionEmbeddings, h], decay: true, init: 'embedding' },
    { name: 'bert.embeddings.token_type_embeddings.weight', shape: [cfg.typeVocabSize, h], decay: true, init: 'embedding' },
  ];
  layerNorm(specs, 'bert.embeddings.LayerNorm', h);
  for (let l = 0; l < cfg.numHiddenLayers; l++) {
    const p = `bert.encoder.layer.${l}`;
    linear(specs, `${p}.attention.self.query`, h, h);
    linear(specs, `${p}.attention.self.key`, h, h);
    linear(specs, `${p}.attention.self.value`, h, h);
    linear(specs, `${p}.attention.output.dense`, h, h);
    layerNorm(specs, `${p}.attention.output.LayerNorm`, h);
    linear(specs, `${p}.intermediate.dense`, h, cfg.intermediateSize);
    linear(specs, `${p}.output.dense`, cfg.intermediateSize, h);
    layerNorm(specs, `${p}.output.LayerNorm`, h);
  }
  linear(specs, 'bert.pooler.dense', h, h);
  linear(specs, 'classifier', h, cfg.numLabels);
  return specs;
}

/** Total number of scalars. */
export function countParameters(specs: readonly ParamSpec[]): number {
  return specs.reduce((n, s) => n + s.shape.reduce((a, b) => a * b, 1), 0);
}
