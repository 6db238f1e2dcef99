import { parquetMetadata, parquetReadObjects, parquetSchema } from 'hyparquet';
import { DataError } from '../data-error.js';

/** Reads those of the named columns that the Parquet file (snappy or uncompressed) has; the caller checks for missing ones. */
export async function readParquet(bytes: Uint8Array, file: string, columns: string[]): Promise<{ columns: string[]; records: Record<string, unknown>[] }> {
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  let names: string[];
  let metadata: ReturnType<typeof parquetMetadata>;
  try {
    metadata = parquetMetadata(buffer);
    names = parquetSchema(metadata).children.map((c) => c.element.name);
  } catch (cause) {
    throw new DataError(`${file}: not a readable Parquet file (${(cause as Error).message})`, { cause });
  }
  const present = columns.filter((c) => names.includes(c));
  if (present.length === 0) return { columns: names, records: [] };
  try {
    const records = (await parquetReadObjects({ file: buffer, columns: present })) as Record<string, unknown>[];
    return { columns: names, records };
  } catch (cause) {
    throw new DataError(`${file}: ${await locateDamage(buffer, metadata, present)} (${(cause as Error).message}); the file is damaged or was not written completely`, { cause });
  }
}

/** Which column of which row group fails to decode, for a message the user can act on. */
async function locateDamage(buffer: ArrayBuffer, metadata: ReturnType<typeof parquetMetadata>, columns: string[]): Promise<string> {
  let rowStart = 0;
  for (const [group, rg] of metadata.row_groups.entries()) {
    const rowEnd = rowStart + Number(rg.num_rows);
    for (const column of columns) {
      try {
        await parquetReadObjects({ file: buffer, columns: [column], rowStart, rowEnd });
      } catch {
        return `cannot decode column "${column}" in row group ${group} (rows ${rowStart}–${rowEnd - 1})`;
      }
    }
    rowStart = rowEnd;
  }
  return 'cannot decode the Parquet data';
}
