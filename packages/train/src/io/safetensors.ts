// safetensors (https://github.com/huggingface/safetensors): u64 LE header length N, N bytes of JSON
// {name: {dtype, shape, data_offsets: [begin, end]}, __metadata__?: {k: v}} padded with spaces to a
// multiple of 8, then raw little-endian C-order data (offsets relative to the end of the header).
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { BertfitError, errorMessage, writeFileAtomic } from '@bertfit/core';
import { checkJson } from '../rundir/read-json-file.js';
import { count } from '../rundir/json-fields.js';
import { float16BitsToFloat32, toFloat16Array } from './float16.js';

/** Float dtypes read into float32 (F16 and BF16 are widened exactly). */
export type SafetensorsDtype = 'F32' | 'F16' | 'BF16';
export interface SafetensorsTensor {
  dtype: SafetensorsDtype;
  shape: number[];
  data: Float32Array;
}
/** A tensor of a valid non-float dtype (e.g. an I64 `position_ids` buffer): validated, not read. */
export interface IgnoredTensor {
  name: string;
  dtype: string;
  shape: number[];
}
export interface SafetensorsFile {
  tensors: Map<string, SafetensorsTensor>;
  metadata: Record<string, string>;
  ignored: IgnoredTensor[];
}

/**
 * Integer buffers some transformers versions save beside the weights (`embeddings.position_ids`,
 * `embeddings.token_type_ids`): never parameters, skipped on load as transformers skips them.
 */
export function isKnownBuffer(name: string): boolean {
  return /(^|\.)embeddings\.(position_ids|token_type_ids)$/.test(name);
}

/** "'name' (I32 [2, 3])": how errors and notes name a tensor that was not read. */
export function describeIgnored(t: IgnoredTensor): string {
  return `'${t.name}' (${t.dtype} [${t.shape.join(', ')}])`;
}

/** Bytes per element of every dtype the format defines. */
const DTYPE_BYTES: Record<string, number> = {
  BOOL: 1,
  U8: 1,
  I8: 1,
  F8_E4M3: 1,
  F8_E5M2: 1,
  I16: 2,
  U16: 2,
  F16: 2,
  BF16: 2,
  I32: 4,
  U32: 4,
  F32: 4,
  I64: 8,
  U64: 8,
  F64: 8,
};
/** Same bound as the Rust safetensors crate (MAX_HEADER_SIZE). */
export const MAX_HEADER_BYTES = 100_000_000;
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

const DTYPES = Object.keys(DTYPE_BYTES) as [string, ...string[]];
const entrySchema = z.object({
  dtype: z.enum(DTYPES, { error: `a safetensors dtype (${DTYPES.join(', ')})` }),
  shape: z.array(count),
  data_offsets: z.tuple([count, count], { error: '[begin, end] of non-negative integers' }),
});
/** The JSON header: `__metadata__` is a string map, every other key a tensor entry. */
const headerSchema = z.object({ __metadata__: z.record(z.string(), z.string({ error: 'a string' })).optional() }).catchall(entrySchema);

function fail(source: string, what: string, cause?: unknown): never {
  throw new BertfitError(`safetensors ${source}: ${what}`, cause === undefined ? undefined : { cause });
}

export function numel(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function readFloats(bytes: Uint8Array, start: number, count: number, dtype: SafetensorsDtype): Float32Array {
  const abs = bytes.byteOffset + start;
  if (dtype === 'F32') {
    // Zero-copy view when aligned: saves a second copy of a 440 MB checkpoint.
    if (LITTLE_ENDIAN && abs % 4 === 0) return new Float32Array(bytes.buffer, abs, count);
    const dv = new DataView(bytes.buffer, abs, count * 4);
    const out = new Float32Array(count);
    for (let i = 0; i < count; i++) out[i] = dv.getFloat32(i * 4, true);
    return out;
  }
  const dv = new DataView(bytes.buffer, abs, count * 2);
  const out = new Float32Array(count);
  if (dtype === 'F16') for (let i = 0; i < count; i++) out[i] = float16BitsToFloat32(dv.getUint16(i * 2, true));
  else {
    const u = new Uint32Array(out.buffer);
    for (let i = 0; i < count; i++) u[i] = dv.getUint16(i * 2, true) << 16; // BF16 = top half of F32
  }
  return out;
}

/**
 * Parses a safetensors file held in memory. Every header field is validated; F32 tensors may be views
 * into `bytes` (no copy), F16/BF16 are widened into new arrays. `source` names the file in errors.
 */
export function parseSafetensors(bytes: Uint8Array, source: string): SafetensorsFile {
  if (bytes.byteLength < 8) fail(source, `truncated file: ${bytes.byteLength} bytes, the header length alone needs 8`);
  const headerLen = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true);
  if (headerLen > BigInt(MAX_HEADER_BYTES)) fail(source, `header of ${headerLen} bytes exceeds the ${MAX_HEADER_BYTES}-byte limit`);
  const n = Number(headerLen);
  if (8 + n > bytes.byteLength) {
    fail(source, `truncated file: header length ${n} runs past the end of the ${bytes.byteLength}-byte file`);
  }
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + n)));
  } catch (err) {
    fail(source, `header is not valid UTF-8 JSON: ${errorMessage(err)}`, err);
  }
  let checked: z.output<typeof headerSchema>;
  try {
    checked = checkJson(header, headerSchema, 'header');
  } catch (err) {
    fail(source, errorMessage(err), err);
  }
  const { __metadata__: metadata = {}, ...entries } = checked;
  const dataStart = 8 + n;
  const dataLen = bytes.byteLength - dataStart;
  const spans: { name: string; begin: number; end: number }[] = [];
  const tensors = new Map<string, SafetensorsTensor>();
  const ignored: IgnoredTensor[] = [];
  for (const [name, { dtype, shape: dims, data_offsets: offsets }] of Object.entries(entries)) {
    const where = `tensor '${name}'`;
    const [begin, end] = offsets;
    if (begin > end) fail(source, `${where}: data_offsets [${begin}, ${end}] has begin after end`);
    if (end > dataLen) fail(source, `${where}: data_offsets [${begin}, ${end}] run past the end of the ${dataLen}-byte data section (truncated file?)`);
    const want = numel(dims) * DTYPE_BYTES[dtype]!;
    if (end - begin !== want) {
      fail(source, `${where}: data_offsets [${begin}, ${end}] span ${end - begin} bytes, but ${dtype} × [${dims.join(', ')}] needs ${want}`);
    }
    spans.push({ name, begin, end });
    if (dtype === 'F32' || dtype === 'F16' || dtype === 'BF16') {
      tensors.set(name, { dtype, shape: dims, data: readFloats(bytes, dataStart + begin, numel(dims), dtype) });
    } else {
      ignored.push({ name, dtype, shape: dims });
    }
  }
  // Sorted by begin, a span overlaps an earlier one iff it starts before the furthest end seen so far.
  spans.sort((a, b) => a.begin - b.begin || a.end - b.end);
  let last: (typeof spans)[number] | undefined;
  for (const cur of spans) {
    if (cur.end === cur.begin) continue; // empty tensors occupy no bytes
    if (last && cur.begin < last.end) {
      fail(source, `tensors '${last.name}' [${last.begin}, ${last.end}] and '${cur.name}' [${cur.begin}, ${cur.end}] overlap`);
    }
    if (!last || cur.end > last.end) last = cur;
  }
  return { tensors, metadata, ignored };
}

/** Reads and parses a safetensors file; errors name the path. */
export async function readSafetensors(path: string): Promise<SafetensorsFile> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    throw new BertfitError(`reading safetensors ${path} failed: ${errorMessage(err)}`, { cause: err });
  }
  return parseSafetensors(bytes, path);
}

export interface WriteSafetensorsOptions {
  dtype?: 'F32' | 'F16';
  metadata?: Record<string, string>;
}

/** Serialises tensors as HF does (name order, header padded with spaces to 8) and writes atomically. */
export async function writeSafetensors(path: string, tensors: Iterable<[string, { shape: number[]; data: Float32Array }]>, opts: WriteSafetensorsOptions = {}): Promise<void> {
  const dtype = opts.dtype ?? 'F32';
  const width = DTYPE_BYTES[dtype]!;
  const entries = [...tensors].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const header: Record<string, unknown> = {};
  if (opts.metadata && Object.keys(opts.metadata).length > 0) header.__metadata__ = opts.metadata;
  let offset = 0;
  for (const [name, t] of entries) {
    const where = `writing safetensors ${path}: tensor '${name}'`;
    if (name === '__metadata__' || name === '') throw new BertfitError(`${where}: reserved or empty name`);
    if (name in header) throw new BertfitError(`${where}: duplicate name`);
    if (!Array.isArray(t.shape) || !t.shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
      throw new BertfitError(`${where}: shape ${JSON.stringify(t.shape)} is not a list of non-negative integers`);
    }
    if (t.data.length !== numel(t.shape)) {
      throw new BertfitError(`${where}: ${t.data.length} values do not fill shape [${t.shape.join(', ')}] (${numel(t.shape)})`);
    }
    const bytes = t.data.length * width;
    header[name] = { dtype, shape: t.shape, data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - (Buffer.byteLength(json) % 8)) % 8);
  const headerBytes = Buffer.from(json, 'utf8');
  const prefix = Buffer.alloc(8);
  prefix.writeBigUInt64LE(BigInt(headerBytes.byteLength));
  function* chunks(): Generator<Uint8Array> {
    yield prefix;
    yield headerBytes;
    for (const [, t] of entries) {
      if (dtype === 'F16') {
        const h = toFloat16Array(t.data);
        yield LITTLE_ENDIAN ? new Uint8Array(h.buffer) : leBytes16(h);
      } else {
        yield LITTLE_ENDIAN ? new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength) : leBytes32(t.data);
      }
    }
  }
  await writeFileAtomic(path, chunks());
}

function leBytes16(h: Uint16Array): Uint8Array {
  const dv = new DataView(new ArrayBuffer(h.length * 2));
  h.forEach((v, i) => dv.setUint16(i * 2, v, true));
  return new Uint8Array(dv.buffer);
}

function leBytes32(f: Float32Array): Uint8Array {
  const dv = new DataView(new ArrayBuffer(f.length * 4));
  f.forEach((v, i) => dv.setFloat32(i * 4, v, true));
  return new Uint8Array(dv.buffer);
}
