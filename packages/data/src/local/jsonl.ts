import { DataError } from '../data-error.js';

/** One JSON object per line; blank lines are skipped, anything else that is not an object is an error. */
export function parseJsonl(text: string, file: string): { records: Record<string, unknown>[]; lines: number[] } {
  const records: Record<string, unknown>[] = [];
  const lines: number[] = [];
  const all = text.split('\n');
  for (let k = 0; k < all.length; k++) {
    const raw = all[k]!;
    if (raw.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (cause) {
      throw new DataError(`${file}:${k + 1}: invalid JSON: ${preview(raw)}`, { cause });
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new DataError(`${file}:${k + 1}: expected a JSON object, got ${preview(raw)}`);
    }
    records.push(value as Record<string, unknown>);
    lines.push(k + 1);
  }
  return { records, lines };
}

function preview(s: string): string {
  return s.length > 60 ? `${s.slice(0, 60)}…` : s;
}
