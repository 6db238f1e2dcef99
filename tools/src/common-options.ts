import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Argv } from 'yargs';
import { PRESET_NAMES, resolveConfig, type PresetName, type ResolvedConfig } from '@bertfit/config';
import type { Device } from '@bertfit/train';

export interface ConfigArgs {
  config?: string;
  set?: string[];
  preset?: PresetName;
}

/** The options every command shares: a config file, repeatable --set overrides and a preset. */
export function withConfigOptions<T>(y: Argv<T>) {
  return y
    .option('config', {
      alias: 'c',
      type: 'string',
      describe: 'JSON/JSONC config file (relative paths inside resolve against its folder; --set paths against the current directory)',
    })
    .option('set', { alias: 's', type: 'string', array: true, describe: 'override a config path, e.g. --set train.learningRate=3e-5 (repeatable)' })
    .option('preset', { type: 'string', choices: PRESET_NAMES, describe: 'start from a named preset: demo (embedded data, small BERT) or seed (the study recipe)' });
}

export function configFrom(args: ConfigArgs): ResolvedConfig {
  return resolveConfig({ file: args.config ?? null, preset: args.preset ?? null, set: args.set ?? [] });
}

/**
 * The run config a checkpoint was trained with (`<run>/run-config.json`, beside `checkpoint-*` and
 * `best/`), for commands given a checkpoint and no --config; undefined when there is none.
 */
export function runConfigFile(checkpoint: string): string | undefined {
  const file = join(dirname(resolve(checkpoint)), 'run-config.json');
  return existsSync(file) ? file : undefined;
}

/** `--device cpu|cuda:N` of the commands that open a model (infer, export). */
export function withDeviceOption<T>(y: Argv<T>) {
  return y.option('device', { type: 'string', default: 'cpu', describe: 'where the model runs: cpu or cuda:N (see `bertfit doctor`)' });
}

/**
 * The --device value, checked against this machine before any model is loaded. Async: train (and with
 * it onnxruntime) is imported only by the commands that run a model, so `bertfit --help` stays fast.
 */
export async function deviceFrom(args: { device: string }): Promise<Device> {
  const { parseDevice, requireDeviceSupport } = await import('@bertfit/train');
  const device = parseDevice(args.device);
  requireDeviceSupport([device], `--device ${args.device}`);
  return device;
}
