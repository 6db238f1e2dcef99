import { BertfitError } from '@bertfit/core';
import type { z } from 'zod';
import { readJsonFile } from '../json-file.js';

/**
 * Reads a JSON record the orchestrator or a job wrote, checked by its zod schema; null when the
 * file does not exist. A malformed record fails naming the file, each bad field and its value.
 */
export function readRecord<T>(file: string, schema: z.ZodType<T>, what: string): T | null {
  const raw = readJsonFile(file);
  if (raw === null) return null;
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => describe(i.path, i.message, valueAt(raw, i.path)));
  const more = problems.length > 3 ? `; and ${problems.length - 3} more` : '';
  throw new BertfitError(`${what} ${file}: ${problems.slice(0, 3).join('; ')}${more}`, { cause: parsed.error });
}

/** `field pid: expected number, got "x"` or `field host is missing (expected string)`. */
function describe(path: readonly PropertyKey[], message: string, value: unknown): string {
  const field = path.length > 0 ? `field ${path.map(String).join('.')}` : 'the record';
  // zod's own wording, less what the value shows better: "Invalid input: expected number, received string".
  const expected = message.replace(/^Invalid (input|option): /, '').replace(/, received \w+$/, '');
  return value === undefined ? `${field} is missing (${expected})` : `${field}: ${expected}, got ${show(value)}`;
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let cur = raw;
  for (const key of path) cur = cur !== null && typeof cur === 'object' ? (cur as Record<PropertyKey, unknown>)[key] : undefined;
  return cur;
}

function show(v: unknown): string {
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
