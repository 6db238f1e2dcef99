import { z } from 'zod';
import { dataSchema } from './data.js';
import { field, nonNegativeInt, positiveInt, section } from './field.js';
import { modelSchema } from './model.js';
import { orchestratorSchema } from './orchestrator.js';
import { trainSchema } from './train.js';

export { METRIC_NAMES } from './train.js';

export const configSchema = z.strictObject({
  name: field(
    z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, ".", "_" and "-", starting with a letter or digit'),
    'tweets-bert-base',
    'run name; the run directory is <outputDir>/<name>',
  ),
  outputDir: field(
    z.string().min(1),
    'runs',
    "folder that holds run directories; relative paths resolve against the config file's folder, or against the current directory for --set",
  ),
  seed: field(nonNegativeInt(), 42, 'seed of initialisation, shuffling and dropout'),
  data: dataSchema,
  model: modelSchema,
  train: trainSchema,
  infer: section(
    {
      batchSize: field(positiveInt(), 64, 'examples per inference batch (batches are sorted by length)'),
      split: field(z.enum(['test', 'validation']), 'test', 'split scored by `bertfit infer` without --data'),
    },
    'inference settings',
  ),
  orchestrator: orchestratorSchema,
});

/** The fully defaulted run config, as saved in run-config.json. */
export type ResolvedConfig = z.output<typeof configSchema>;
/** What a config file may hold: any subset of ResolvedConfig. */
export type ConfigInput = z.input<typeof configSchema>;
