import type { z } from 'zod';
import { ConfigError, show } from './config-error.js';
import { describeIssue, suggestKey } from './issues.js';
import { isNullable, locate, unwrap, type Located } from './schema-walk.js';
import { errorMessage } from '@bertfit/core';

type Def = { type: string; element?: z.ZodType; options?: z.ZodType[] };
const defOf = (s: z.ZodType): Def => (s as unknown as { def: Def }).def;

export interface Override {
  /** The config path split at dots; for records (sweep grid) the tail is one key. */
  path: string[];
  /** The key inside a record, when the path ends in one. */
  recordKey?: string;
  value: unknown;
  /** The original `--set` argument, for error messages. */
  source: string;
}

/** Turns the text after `=` into the type the schema expects at that path. */
export function coerce(text: string, schema: z.ZodType): unknown {
  if (text === 'null' && isNullable(schema)) return null;
  const inner = unwrap(schema);
  const def = defOf(inner);
  switch (def.type) {
    case 'number': {
      const n = Number(text);
      if (text.trim() === '' || Number.isNaN(n)) throw new Error(`expected a number, got "${text}"`);
      return n;
    }
    case 'boolean':
      if (text === 'true' || text === 'false') return text === 'true';
      throw new Error(`expected true or false, got "${text}"`);
    case 'string':
    case 'enum':
      return text;
    case 'array':
      if (text.trim().startsWith('[')) return JSON.parse(text);
      return text === '' ? [] : text.split(',').map((part) => coerce(part.trim(), def.element!));
    case 'union': {
      for (const option of def.options ?? []) {
        try {
          const value = coerce(text, option);
          if (option.safeParse(value).success) return value;
        } catch {
          // try the next form
        }
      }
      return text;
    }
    default:
      return JSON.parse(text);
  }
}

/** Parses one `--set a.b.c=value` against the schema; errors name the argument, the path and the value. */
export function parseOverride(arg: string): Override {
  const eq = arg.indexOf('=');
  if (eq <= 0) {
    throw new ConfigError(`bad --set "${arg}": expected path=value, e.g. --set train.learningRate=3e-5`, { value: arg });
  }
  const pathText = arg.slice(0, eq).trim();
  const text = arg.slice(eq + 1);
  const label = `bad --set "${arg}"`;
  const loc = locateSettable(pathText, label, text);
  let value: unknown;
  try {
    value = coerce(text, loc.schema);
  } catch (err) {
    throw new ConfigError(`${label}: ${pathText}: ${errorMessage(err)}`, { path: pathText, value: text, cause: err });
  }
  return checkedOverride(loc, pathText, value, label, arg);
}

/**
 * Checks an already typed value (a sweep's grid value, say) against the schema at a dotted config
 * path, as `--set` does after coercing its text; `label` opens every error message.
 */
export function checkOverride(pathText: string, value: unknown, label: string): Override {
  return checkedOverride(locateSettable(pathText, label, value), pathText, value, label, label);
}

type Settable = Exclude<Located, { kind: 'unknown' }>;

/** The schema at a path a value can be set at: not unknown, not a whole section. */
function locateSettable(pathText: string, label: string, value: unknown): Settable {
  const path = pathText.split('.');
  if (path.some((p) => p === '')) {
    throw new ConfigError(`${label}: the path "${pathText}" has an empty segment`, { path: pathText, value });
  }
  const loc = locate(path);
  if (loc.kind === 'unknown') {
    throw new ConfigError(`${label}: unknown config key "${[...loc.at, loc.key].join('.')}".${suggestKey(loc.at, loc.key, loc.known)}`, {
      path: pathText,
      value,
    });
  }
  if (loc.kind === 'leaf' && defOf(unwrap(loc.schema)).type === 'object') {
    throw new ConfigError(`${label}: ${pathText} is a section; set one of its keys, e.g. ${pathText}.<key>=…`, { path: pathText });
  }
  return loc;
}

function checkedOverride(loc: Settable, pathText: string, value: unknown, label: string, source: string): Override {
  const checked = loc.schema.safeParse(value);
  if (!checked.success) {
    const prefix = loc.kind === 'record' ? [...loc.path, loc.key] : loc.path;
    const lines = checked.error.issues.map((i) => describeIssue(i, value, prefix));
    throw new ConfigError(`${label}: ${lines.join('; ')}`, { path: pathText, value, cause: checked.error });
  }
  return loc.kind === 'record' ? { path: loc.path, recordKey: loc.key, value: checked.data, source } : { path: loc.path, value: checked.data, source };
}

/** Writes an override into a plain config object (creating sections as needed). */
export function applyOverride(target: Record<string, unknown>, o: Override): void {
  const keys = o.recordKey === undefined ? o.path : [...o.path, o.recordKey];
  let node = target;
  for (const k of keys.slice(0, -1)) {
    const next = node[k];
    if (next === null || typeof next !== 'object' || Array.isArray(next)) node[k] = {};
    node = node[k] as Record<string, unknown>;
  }
  node[keys[keys.length - 1]!] = o.value;
}

export { show };
