import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { BertfitError, errorMessage } from '@bertfit/core';

/**
 * A JSON file (or one line of a JSON-lines file) that cannot be read, is not JSON, or does not fit its
 * schema. `source` names the file (and line); `field` is the dotted path of the first bad field, `''`
 * for the whole value, null when the text never parsed.
 */
export class JsonFileError extends BertfitError {
  constructor(
    message: string,
    readonly source: string,
    readonly field: string | null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

type Issue = z.core.$ZodRawIssue;

const NOUNS: Record<string, string> = {
  int: 'an integer',
  number: 'a number',
  string: 'a string',
  boolean: 'true or false',
  array: 'an array',
  object: 'a JSON object',
  record: 'a JSON object',
  null: 'null',
};

/**
 * What a failing field must be, in words ("a non-negative integer"), for issues whose schema gave no
 * wording of its own; zod's defaults ("Invalid input: expected number, received string") read badly
 * after "field x must be".
 */
function expectation(issue: Issue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      return NOUNS[issue.expected] ?? `a ${issue.expected}`;
    case 'too_small':
      return issue.origin === 'array' ? `an array of at least ${String(issue.minimum)} item(s)` : `a number ${issue.inclusive ? '≥' : '>'} ${String(issue.minimum)}`;
    case 'too_big':
      return issue.origin === 'array' ? `an array of at most ${String(issue.maximum)} item(s)` : `a number ${issue.inclusive ? '≤' : '<'} ${String(issue.maximum)}`;
    case 'invalid_value':
      return oneOf(issue.values);
    case 'invalid_union':
      // A discriminated union's tag that matches no option: zod lists the tags it accepts.
      return Array.isArray(issue.options) ? oneOf(issue.options) : undefined;
    default:
      return undefined;
  }
}

/** `"a"`, `"a" or "b"`, `"a", "b" or "c"`. */
function oneOf(values: readonly unknown[]): string {
  const shown = values.map((v) => JSON.stringify(v));
  return shown.length < 2 ? shown.join('') : `${shown.slice(0, -1).join(', ')} or ${shown.at(-1)!}`;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = root;
  for (const k of path) v = v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined;
  return v;
}

/** A value as it reads in an error: JSON, cut at 80 characters; `nothing` for a missing field. */
export function showValue(v: unknown): string {
  const text = JSON.stringify(v) ?? 'nothing';
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/**
 * Checks an already-parsed value against `schema`. The error names `source`, the first bad field's
 * dotted path, what it must be and the value found: "<file>: field log_history.0.step must be a
 * non-negative integer, got nothing"; a wrong top-level value reads "<file> must hold a JSON object, got [1]".
 */
export function checkJson<S extends z.ZodType>(value: unknown, schema: S, source: string): z.output<S> {
  const result = schema.safeParse(value, { error: expectation });
  if (result.success) return result.data;
  const [first, ...rest] = result.error.issues;
  const path = first!.path.map(String);
  const more = rest.length > 0 ? ` (and ${rest.length} more problem${rest.length === 1 ? '' : 's'})` : '';
  const found = `${first!.message}, got ${showValue(valueAt(value, first!.path))}${more}`;
  const message = path.length === 0 ? `${source} must hold ${found}` : `${source}: field ${path.join('.')} must be ${found}`;
  throw new JsonFileError(message, source, path.join('.'), { cause: result.error });
}

/** Parses JSON text and checks it against `schema`; `source` names the text's file (and line) in errors. */
export function parseJson<S extends z.ZodType>(text: string, schema: S, source: string): z.output<S> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new JsonFileError(`${source} is not valid JSON: ${errorMessage(err)}`, source, null, { cause: err });
  }
  return checkJson(value, schema, source);
}

/**
 * Reads a JSON file and checks it against `schema`: the one reader of the JSON files in a run dir and
 * in checkpoint folders. A read failure keeps the fs error (its `code`, e.g. ENOENT) as `cause`.
 */
export async function readJsonFile<S extends z.ZodType>(path: string, schema: S): Promise<z.output<S>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new JsonFileError(`cannot read ${path}: ${errorMessage(err)}`, path, null, { cause: err });
  }
  return parseJson(text, schema, path);
}
