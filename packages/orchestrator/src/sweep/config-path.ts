import { BertfitError } from '@bertfit/core';

/** Reads a dotted config path (`train.learningRate`); undefined when any segment is missing. */
export function getPath(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const key of path.split('.')) {
    if (cur === null || typeof cur !== 'object' || !(key in cur)) return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

/**
 * Returns a deep copy of `obj` with `path` set to `value`. The path must already exist in the
 * config (every key of the resolved config is present), so a typo fails here, before any job runs.
 */
export function setPath<T>(obj: T, path: string, value: unknown): T {
  const copy = structuredClone(obj) as unknown;
  const keys = path.split('.');
  let cur = copy as Record<string, unknown>;
  keys.forEach((key, i) => {
    if (cur === null || typeof cur !== 'object' || !(key in cur)) {
      const at = keys.slice(0, i).join('.') || '(root)';
      const known = cur !== null && typeof cur === 'object' ? Object.keys(cur).join(', ') : 'none';
      throw new BertfitError(`sweep: config path ${JSON.stringify(path)} does not exist: no key ${JSON.stringify(key)} under ${at} (keys: ${known})`);
    }
    if (i === keys.length - 1) cur[key] = value;
    else cur = cur[key] as Record<string, unknown>;
  });
  return copy as T;
}

/** Parses a CLI value: JSON when it parses (numbers, booleans, null, arrays, quoted strings), else the raw string. */
export function parseValue(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * Parses `--grid path=v1,v2,v3` (or `path=[json array]` for values that contain commas).
 * Returns the path and its candidate values.
 */
export function parseGridArg(arg: string): [string, unknown[]] {
  const eq = arg.indexOf('=');
  if (eq <= 0) throw new BertfitError(`--grid ${JSON.stringify(arg)}: expected path=value1,value2,…`);
  const path = arg.slice(0, eq).trim();
  const rest = arg.slice(eq + 1);
  if (rest.trim().startsWith('[')) {
    const parsed = parseValue(rest);
    if (!Array.isArray(parsed)) throw new BertfitError(`--grid ${JSON.stringify(arg)}: the value starts with '[' but is not a JSON array`);
    return [path, parsed];
  }
  const values = rest.split(',').map((v) => parseValue(v.trim()));
  if (rest.trim() === '') throw new BertfitError(`--grid ${JSON.stringify(arg)}: no values after '='`);
  return [path, values];
}
