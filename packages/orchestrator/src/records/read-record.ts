import { checkJson } from '@bertfit/train';
import type { z } from 'zod';
import { readJsonFile } from '../json-file.js';

/**
 * Reads a JSON record the orchestrator or a job wrote, checked by its zod schema through train's
 * `checkJson` (the one schema check of JSON read from disk); null when the file does not exist. A
 * malformed record fails naming what it is, the file, the first bad field and its value.
 */
export function readRecord<T>(file: string, schema: z.ZodType<T>, what: string): T | null {
  const raw = readJsonFile(file);
  return raw === null ? null : checkJson(raw, schema, `${what} ${file}`);
}
