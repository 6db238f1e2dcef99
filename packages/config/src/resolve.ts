import { existsSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { ConfigError } from './config-error.js';
import { crossCheck } from './cross-checks.js';
import { describeIssue } from './issues.js';
import { loadConfigFile } from './load-file.js';
import { applyOverride, parseOverride } from './overrides.js';
import { PRESETS, type PresetName } from './presets.js';
import { configSchema, type ResolvedConfig } from './schema/index.js';

export interface ResolveOptions {
  /** A JSON/JSONC config file; relative paths inside resolve against `cwd`. */
  file?: string | null;
  /** A named starting point under the file (see PRESETS). */
  preset?: PresetName | null;
  /** `--set path=value` arguments, applied in order after the file. */
  set?: readonly string[];
  /** The directory relative paths resolve against (default: process.cwd()). */
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

function absolutePaths(c: ResolvedConfig, cwd: string): ResolvedConfig {
  const abs = (p: string) => (isAbsolute(p) ? p : resolve(cwd, p));
  const local = resolve(cwd, c.model.name);
  // Like from_pretrained: an existing local folder wins over a Hub id of the same spelling.
  const modelIsDir = existsSync(local) && statSync(local).isDirectory();
  return {
    ...c,
    outputDir: abs(c.outputDir),
    data: { ...c.data, trainFile: c.data.trainFile && abs(c.data.trainFile), testFile: c.data.testFile && abs(c.data.testFile) },
    model: { ...c.model, name: modelIsDir ? local : c.model.name },
  };
}

/**
 * Defaults (the recipe) ← preset ← config file ← --set overrides, validated, paths made absolute, frozen.
 * The result is what every package reads and what is saved as run-config.json.
 */
export function resolveConfig(opts: ResolveOptions = {}): ResolvedConfig {
  const cwd = opts.cwd ?? process.cwd();
  if (opts.preset && !Object.hasOwn(PRESETS, opts.preset)) {
    throw new ConfigError(`unknown preset "${opts.preset}": expected one of ${Object.keys(PRESETS).join(', ')}`, { value: opts.preset });
  }
  let merged: Plain = structuredClone(opts.preset ? (PRESETS[opts.preset] as Plain) : {});
  let source = opts.preset ? `preset ${opts.preset}` : 'defaults';
  if (opts.file) {
    const fromFile = loadConfigFile(opts.file, cwd);
    const where = `config file ${resolve(cwd, opts.file)}`;
    parseConfig(fromFile, where, { crossCheck: false }); // key/type errors name the file; rules spanning fields wait for --set
    merged = merge(merged, fromFile);
    source = where;
  }
  for (const arg of opts.set ?? []) applyOverride(merged, parseOverride(arg));
  if (opts.set?.length) source += ' + --set overrides';
  return deepFreeze(absolutePaths(parseConfig(merged, source), cwd));
}
