import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** Writes a job's JSON result atomically: the orchestrator reads it instead of parsing stdout. */
export function writeResultFile(path: string, result: unknown): void {
  const file = resolve(path);
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, `${JSON.stringify(result, null, 2)}\n`);
  renameSync(tmp, file);
}
