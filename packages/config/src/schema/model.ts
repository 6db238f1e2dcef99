import { z } from 'zod';
import { field, positiveInt, section } from './field.js';

export const modelSchema = section(
  {
    name: field(
      z.string().min(1),
      'google-bert/bert-base-uncased',
      'Hub model id or local folder (config.json, weights, tokenizer files; an existing folder wins, relative to the config file\'s folder, or to the current directory for --set); "bertfit-demo" = the embedded demo vocabulary',
    ),
    init: field(
      z.enum(['pretrained', 'random']),
      'pretrained',
      '"pretrained" loads model.safetensors; "random" uses Hugging Face initialisation with sizes from config.json and `architecture`',
    ),
    dropout: field(z.number().min(0).lt(1), 0.1, 'hidden and attention-probability dropout probability (0 ≤ p < 1)'),
    architecture: section(
      {
        numHiddenLayers: field(positiveInt().nullable(), null, 'encoder layers; null = from config.json'),
        hiddenSize: field(positiveInt().nullable(), null, 'hidden width in units; null = from config.json'),
        numAttentionHeads: field(positiveInt().nullable(), null, 'attention heads; must divide hiddenSize; null = from config.json'),
        intermediateSize: field(positiveInt().nullable(), null, 'feed-forward width in units; null = from config.json'),
      },
      'size overrides, mainly for init "random"',
    ),
  },
  'the model: where it comes from and how it is initialised',
);
