import type { z } from 'zod';
import { configSchema } from './schema/index.js';

type AnySchema = z.ZodType;
type Def = { type: string; innerType?: AnySchema; shape?: Record<string, AnySchema>; valueType?: AnySchema; entries?: Record<string, string>; options?: AnySchema[] };

const defOf = (s: AnySchema): Def => (s as unknown as { def: Def }).def;

/** Strips default/prefault/nullable/optional wrappers down to the schema that says what the value is. */
export function unwrap(schema: AnySchema): AnySchema {
  let s = schema;
  for (;;) {
    const def = defOf(s);
    if (['default', 'prefault', 'nullable', 'optional'].includes(def.type) && def.innerType) s = def.innerType;
    else return s;
  }
}

export function isNullable(schema: AnySchema): boolean {
  let s = schema;
  for (;;) {
    const def = defOf(s);
    if (def.type === 'nullable') return true;
    if (!def.innerType) return false;
    s = def.innerType;
  }
}

export function objectKeys(schema: AnySchema): string[] | null {
  const def = defOf(unwrap(schema));
  return def.type === 'object' && def.shape ? Object.keys(def.shape) : null;
}

/** The values an enum field (or the enum members of a union) accepts, in declaration order; null for other fields. */
export function enumValues(schema: AnySchema): string[] | null {
  const def = defOf(unwrap(schema));
  if (def.type === 'enum' && def.entries) return Object.values(def.entries);
  if (def.type === 'union' && def.options) {
    const values = def.options.flatMap((o) => enumValues(o) ?? []);
    return values.length > 0 ? values : null;
  }
  return null;
}

export type Located =
  | { kind: 'leaf'; schema: AnySchema; path: string[] }
  | { kind: 'record'; schema: AnySchema; path: string[]; key: string }
  | { kind: 'unknown'; at: string[]; key: string; known: string[] };

/**
 * Finds the schema at a dotted path. A record (like `orchestrator.sweep.grid`) takes the rest of the path as one key,
 * since its keys are themselves dotted config paths.
 */
export function locate(path: string[], root: AnySchema = configSchema): Located {
  let schema = root;
  for (let i = 0; i < path.length; i++) {
    const def = defOf(unwrap(schema));
    const key = path[i]!;
    if (def.type === 'record' && def.valueType) {
      return { kind: 'record', schema: def.valueType, path: path.slice(0, i), key: path.slice(i).join('.') };
    }
    const child = def.type === 'object' ? def.shape?.[key] : undefined;
    if (!child) return { kind: 'unknown', at: path.slice(0, i), key, known: objectKeys(schema) ?? [] };
    schema = child;
  }
  return { kind: 'leaf', schema, path };
}

/** Every leaf path of the config (`train.learningRate`, …), for suggestions and docs. */
export function leafPaths(schema: AnySchema = configSchema, prefix: string[] = []): string[][] {
  const def = defOf(unwrap(schema));
  if (def.type !== 'object' || !def.shape) return [prefix];
  return Object.entries(def.shape).flatMap(([k, child]) => leafPaths(child, [...prefix, k]));
}

export function describe(schema: AnySchema): string | undefined {
  return (schema as unknown as { description?: string }).description;
}
