import { parquetMetadata, parquetReadObjects, parquetSchema } from 'hyparquet';
import { DataError } from '../data-error.js';

/** Reads the named columns of a Parquet file (snappy or uncompressed), after checking they exist. */
export async function readParquet(
  bytes: Uint8Array,
  file: string,
  columns: string[],
): Promise<{ columns: string[]; records: Record<string, unknown>[] }> {
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  let names: string[];
  try {
    const metadata = parquetMetadata(buffer);
    names = parquetSchema(metadata).children.map((c) => c.element.name);
  } catch (cause) {
    throw new DataError(`${file}: not a readable Parquet file (${(cause as Error).message})`, { cause });
  }
  const missing = columns.filter((c) => !names.includes(c));
  if (missing.length > 0) return { columns: names, records: [] };
  try {
    const records = (await parquetReadObjects({ file: buffer, columns })) as Record<string, unknown>[];
    return { columns: names, records };
  } catch (cause) {
    throw new DataError(`${file}: cannot decode Parquet data (${(cause as Error).message})`, { cause });
  }
}
