import { existsSync, statSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { ConfigError } from './config-error.js';
import { crossCheck } from './cross-checks.js';
import { describeIssue } from './issues.js';
import { loadConfigFile } from './load-file.js';
import { applyOverride, parseOverride } from './overrides.js';
import { PRESETS, type PresetName } from './presets.js';
import { configSchema, type ResolvedConfig } from './schema/index.js';

export interface ResolveOptions {
  /** A JSON/JSONC config file (relative to `cwd`); relative paths inside it resolve against its folder. */
  file?: string | null;
  /** A named starting point under the file (see PRESETS). */
  preset?: PresetName | null;
  /** `--set path=value` arguments, applied in order after the file. */
  set?: readonly string[];
  /** The directory the file name and the paths of --set and presets resolve against (default: process.cwd()). */
  cwd?: string;
}

type Plain = Record<string, unknown>;
const isPlain = (v: unknown): v is Plain => v !== null && typeof v === 'object' && !Array.isArray(v);

function merge(base: Plain, over: Plain): Plain {
  const out: Plain = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = isPlain(v) && isPlain(out[k]) ? merge(out[k] as Plain, v) : v;
  return out;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/**
 * Validates a whole config object; `source` says where it came from in the error. `crossCheck: false`
 * checks keys, types and ranges only — for a file that later `--set` overrides may still complete.
 */
export function parseConfig(input: unknown, source: string, opts: { crossCheck?: boolean } = {}): ResolvedConfig {
  const parsed = configSchema.safeParse(input);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => describeIssue(i, input));
    const first = parsed.error.issues[0];
    throw new ConfigError(`invalid config (${source}):\n  - ${lines.join('\n  - ')}`, {
      path: first?.path.join('.') ?? '',
      cause: parsed.error,
    });
  }
  const problems = opts.crossCheck === false ? [] : crossCheck(parsed.data);
  if (problems.length) throw new ConfigError(`invalid config (${source}):\n  - ${problems.join('\n  - ')}`);
  return parsed.data;
}

/** A local model folder wins over a Hub id of the same spelling, like from_pretrained; else the name is a Hub id. */
function localModelDir(name: string, base: string): string | null {
  const local = resolve(base, name);
  return existsSync(local) && statSync(local).isDirectory() ? local : null;
}

const abs = (p: string, base: string) => (isAbsolute(p) ? p : resolve(base, p));

/**
 * Every path field of the config: outputDir, data.trainFile, data.testFile and model.name when it is a
 * folder — except a model name the config file gave, already looked up beside that file.
 */
function absolutePaths(c: ResolvedConfig, base: string, modelFromFile: boolean): ResolvedConfig {
  const file = (p: string | null) => p && abs(p, base);
  return {
    ...c,
    outputDir: abs(c.outputDir, base),
    data: { ...c.data, trainFile: file(c.data.trainFile), testFile: file(c.data.testFile) },
    model: { ...c.model, name: (modelFromFile ? null : localModelDir(c.model.name, base)) ?? c.model.name },
  };
}

/**
 * The same path fields in a config file's raw object, made absolute against the file's folder (as
 * tsconfig and docker compose do), so that --set paths may later resolve against the current directory.
 */
function rebaseFilePaths(raw: Plain, base: string): Plain {
  const out = structuredClone(raw);
  const section = (key: string) => (isPlain(out[key]) ? (out[key] as Plain) : null);
  if (typeof out.outputDir === 'string') out.outputDir = abs(out.outputDir, base);
  const data = section('data');
  for (const key of ['trainFile', 'testFile'] as const) if (data && typeof data[key] === 'string') data[key] = abs(data[key], base);
  const model = section('model');
  if (model && typeof model.name === 'string') model.name = localModelDir(model.name, base) ?? model.name;
  return out;
}

/**
 * Defaults (the recipe) ← preset ← config file ← --set overrides, validated, paths made absolute
 * (the file's against its folder, the rest against `cwd`), frozen.
 * The result is what every package reads and what is saved as run-config.json.
 */
export function resolveConfig(opts: ResolveOptions = {}): ResolvedConfig {
  const cwd = opts.cwd ?? process.cwd();
  if (opts.preset && !Object.hasOwn(PRESETS, opts.preset)) {
    throw new ConfigError(`unknown preset "${opts.preset}": expected one of ${Object.keys(PRESETS).join(', ')}`, { value: opts.preset });
  }
  let merged: Plain = structuredClone(opts.preset ? (PRESETS[opts.preset] as Plain) : {});
  let source = opts.preset ? `preset ${opts.preset}` : 'defaults';
  let modelFromFile = false;
  if (opts.file) {
    const path = resolve(cwd, opts.file);
    const fromFile = rebaseFilePaths(loadConfigFile(path), dirname(path));
    const where = `config file ${path}`;
    parseConfig(fromFile, where, { crossCheck: false }); // key/type errors name the file; rules spanning fields wait for --set
    merged = merge(merged, fromFile);
    source = where;
    modelFromFile = isPlain(fromFile.model) && typeof fromFile.model.name === 'string';
  }
  for (const arg of opts.set ?? []) {
    const override = parseOverride(arg);
    applyOverride(merged, override);
    if (override.path.join('.') === 'model.name') modelFromFile = false;
  }
  if (opts.set?.length) source += ' + --set overrides';
  return deepFreeze(absolutePaths(parseConfig(merged, source), cwd, modelFromFile));
}
