import type { z } from 'zod';
import { show } from './config-error.js';
import { leafPaths, locate } from './schema-walk.js';
import { aliasOf, nearest } from './suggest.js';

type Issue = z.core.$ZodIssue;

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = root;
  for (const k of path) v = v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined;
  return v;
}

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

function range(issue: Issue & { code: 'too_small' | 'too_big' }): string {
  const small = issue.code === 'too_small';
  const bound = small ? issue.minimum : issue.maximum;
  const op = small ? (issue.inclusive ? '≥' : '>') : issue.inclusive ? '≤' : '<';
  if (issue.origin === 'array') return `${small ? 'at least' : 'at most'} ${String(bound)} item(s)`;
  if (issue.origin === 'string') return `${small ? 'at least' : 'at most'} ${String(bound)} character(s)`;
  return `a value ${op} ${String(bound)}`;
}

/**
 * Suggests the valid key an unknown one stands for: an HF Trainer name's bertfit path first (it is
 * certain), then the nearest sibling, then the nearest of every config path.
 */
export function suggestKey(at: string[], key: string, siblings: string[]): string {
  const all = leafPaths().map((p) => p.join('.'));
  const alias = aliasOf(key, all);
  if (alias) return ` Did you mean "${alias}"?`;
  const local = nearest(key, siblings);
  if (local) return ` Did you mean "${[...at, local].join('.')}"?`;
  const global = nearest([...at, key].join('.'), all) ?? all.find((p) => p.endsWith(`.${key}`)) ?? null;
  if (global) return ` Did you mean "${global}"?`;
  return siblings.length ? ` Valid keys here: ${siblings.join(', ')}.` : '';
}

/** One human line per zod issue: config path, the value found, and what was expected. */
export function describeIssue(issue: Issue, input: unknown, prefix: string[] = []): string {
  const path = [...prefix, ...issue.path.map(String)];
  const where = path.length ? path.join('.') : '(top level)';
  const value = valueAt(input, issue.path);
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys
        .map((key) => {
          const loc = locate([...path, key]);
          const known = loc.kind === 'unknown' ? loc.known : [];
          return `unknown config key "${[...path, key].join('.')}".${suggestKey(path, key, known)}`;
        })
        .join('\n');
    case 'invalid_type':
      if (typeof value === 'number' && !Number.isFinite(value))
        return `${where}: ${show(value)} is not a finite number (a JSON number too large for a double, such as 1e400, reads as Infinity)`;
      return `${where}: expected ${issue.expected}, got ${kindOf(value)} ${show(value)}`;
    case 'too_small':
    case 'too_big':
      return `${where}: ${show(value)} is out of range, expected ${range(issue)}`;
    case 'invalid_value':
      return `${where}: ${show(value)} is not allowed, expected one of ${issue.values.map((v) => show(v)).join(' | ')}`;
    case 'invalid_format':
      return `${where}: ${show(value)} is malformed: ${issue.message}`;
    case 'invalid_union':
      return `${where}: ${show(value)} does not fit: ${describeUnion(path)}`;
    default:
      return `${where}: ${show(value)}: ${issue.message}`;
  }
}

function describeUnion(path: string[]): string {
  const loc = locate(path);
  const doc = loc.kind === 'leaf' ? (loc.schema as unknown as { description?: string }).description : undefined;
  return doc ?? 'none of the allowed forms';
}
