import { existsSync, readFileSync } from 'node:fs';
import { parseJson } from '@bertfit/train';
import type { z } from 'zod';

/**
 * Reads a JSON record the orchestrator or a job wrote, parsed and checked by its zod schema through
 * train's `parseJson` (the one reader of JSON from disk); null when the file does not exist. Synchronous:
 * the poll loops read records between state transitions. A torn or malformed record fails naming
 * what it is, the file, and the JSON error or the first bad field and its value.
 */
export function readRecord<T>(file: string, schema: z.ZodType<T>, what: string): T | null {
  return existsSync(file) ? parseJson(readFileSync(file, 'utf8'), schema, `${what} ${file}`) : null;
}
