import { existsSync, readFileSync } from 'node:fs';
import { BertfitError, writeFileAtomicSync } from '@bertfit/core';

/**
 * Writes `value` as indented JSON through @bertfit/core's atomic write, synchronously: the poll loops
 * write ledger and job records where an await would reorder state transitions.
 */
export function writeJsonAtomic(path: string, value: unknown): void {
  writeFileAtomicSync(path, `${JSON.stringify(value, null, 2)}\n`);
}

/** Reads a JSON file; null when it does not exist; errors name the file when it is not valid JSON. */
export function readJsonFile(path: string): unknown {
  if (!existsSync(path)) return null;
  const text = readFileSync(path, 'utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new BertfitError(`reading ${path}: not valid JSON (${text.length} bytes)`, { cause: err });
  }
}
