import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Complete checkpoints of a run dir (`checkpoint-<step>/` holding `.complete`), ascending by step. */
export function listCheckpoints(runDir: string): { step: number; dir: string }[] {
  if (!existsSync(runDir)) return [];
  return readdirSync(runDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && /^checkpoint-\d+$/.test(d.name))
    .map((d) => ({ step: Number(d.name.slice('checkpoint-'.length)), dir: join(runDir, d.name) }))
    .filter((c) => existsSync(join(c.dir, '.complete')))
    .sort((a, b) => a.step - b.step);
}

export function latestCheckpoint(runDir: string): string | null {
  return listCheckpoints(runDir).at(-1)?.dir ?? null;
}
