import type { Argv } from 'yargs';
import { PRESET_NAMES, resolveConfig, type PresetName, type ResolvedConfig } from '@bertfit/config';

export interface ConfigArgs {
  config?: string;
  set?: string[];
  preset?: PresetName;
}

/** The options every command shares: a config file, repeatable --set overrides and a preset. */
export function withConfigOptions<T>(y: Argv<T>) {
  return y
    .option('config', { alias: 'c', type: 'string', describe: 'JSON/JSONC config file (relative paths inside resolve against the current directory)' })
    .option('set', { alias: 's', type: 'string', array: true, describe: 'override a config path, e.g. --set train.learningRate=3e-5 (repeatable)' })
    .option('preset', { type: 'string', choices: PRESET_NAMES, describe: 'start from a named preset: demo (embedded data, small BERT) or seed (the study recipe)' });
}

export function configFrom(args: ConfigArgs): ResolvedConfig {
  return resolveConfig({ file: args.config ?? null, preset: args.preset ?? null, set: args.set ?? [] });
}
