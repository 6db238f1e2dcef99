import { writeFileAtomicSync } from '@bertfit/core';

/**
 * Writes `value` as indented JSON through @bertfit/core's atomic write, synchronously: the poll loops
 * write ledger and job records where an await would reorder state transitions.
 */
export function writeJsonAtomic(path: string, value: unknown): void {
  writeFileAtomicSync(path, `${JSON.stringify(value, null, 2)}\n`);
}
