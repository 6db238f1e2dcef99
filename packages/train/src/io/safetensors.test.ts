import { describe, it, expect } from '@jest/globals';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSafetensors, readSafetensors, writeSafetensors } from './safetensors.js';
import { parityFile } from '../../test/fixture-paths.js';

/** A file with a hand-written header and `dataBytes` of zeros after it. */
function rawFile(header: unknown, dataBytes: number, headerLen?: number): Uint8Array {
  const json = Buffer.from(typeof header === 'string' ? header : JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + dataBytes);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerLen ?? json.length), true);
  out.set(json, 8);
  return out;
}

const t = (dtype: string, shape: number[], offsets: number[]) => ({ dtype, shape, data_offsets: offsets });

describe('parseSafetensors', () => {
  it('reads the parity fixture: 41 F32 tensors with HF names and shapes', async () => {
    const f = await readSafetensors(parityFile('model.safetensors'));
    expect(f.tensors.size).toBe(41);
    expect(f.ignored).toEqual([]);
    const q = f.tensors.get('bert.encoder.layer.0.attention.self.query.weight')!;
    expect(q.dtype).toBe('F32');
    expect(q.shape).toEqual([32, 32]);
    expect(f.tensors.get('bert.embeddings.word_embeddings.weight')!.shape).toEqual([1000, 32]);
    let n = 0;
    for (const v of f.tensors.values()) n += v.data.length;
    expect(n).toBe(52419);
  });

  it('reads metadata, F16 (widened), BF16 and lists integer tensors as ignored', () => {
    const bytes = rawFile({ __metadata__: { format: 'pt' }, a: t('F16', [2], [0, 4]), b: t('BF16', [1], [4, 6]), ids: t('I64', [1, 1], [8, 16]) }, 16);
    const data = new DataView(bytes.buffer, bytes.length - 16);
    data.setUint16(0, 0x3c00, true); // 1.0
    data.setUint16(2, 0xc000, true); // -2.0
    data.setUint16(4, 0x3fc0, true); // bf16 1.5
    const f = parseSafetensors(bytes, 'mem');
    expect(f.metadata).toEqual({ format: 'pt' });
    expect(Array.from(f.tensors.get('a')!.data)).toEqual([1, -2]);
    expect(f.tensors.get('a')!.dtype).toBe('F16');
    expect(Array.from(f.tensors.get('b')!.data)).toEqual([1.5]);
    expect(f.ignored).toEqual([{ name: 'ids', dtype: 'I64', shape: [1, 1] }]);
  });

  it('rejects a file shorter than the 8-byte length', () => {
    expect(() => parseSafetensors(new Uint8Array(5), 'x.safetensors')).toThrow('safetensors x.safetensors: truncated file: 5 bytes, the header length alone needs 8');
  });

  it('rejects a header length past the end', () => {
    expect(() => parseSafetensors(rawFile({}, 0, 100), 'x')).toThrow('safetensors x: truncated file: header length 100 runs past the end of the 10-byte file');
  });

  it('rejects an oversized header', () => {
    expect(() => parseSafetensors(rawFile({}, 0, 200_000_000), 'x')).toThrow('safetensors x: header of 200000000 bytes exceeds the 100000000-byte limit');
  });

  it('rejects a header that is not JSON, keeping the cause', () => {
    let err: unknown;
    try {
      parseSafetensors(rawFile('{"a": ', 0), 'x');
    } catch (e) {
      err = e;
    }
    expect((err as Error).message).toMatch(/^safetensors x: header is not valid UTF-8 JSON: /);
    expect((err as Error).cause).toBeInstanceOf(SyntaxError);
    expect(() => parseSafetensors(rawFile('[1]', 0), 'x')).toThrow('safetensors x: header must hold a JSON object, got [1]');
  });

  it('rejects overlapping offsets', () => {
    const h = { a: t('F32', [2], [0, 8]), b: t('F32', [2], [4, 12]) };
    expect(() => parseSafetensors(rawFile(h, 12), 'x')).toThrow("safetensors x: tensors 'a' [0, 8] and 'b' [4, 12] overlap");
  });

  it('rejects offsets past the end of the data (truncated data)', () => {
    expect(() => parseSafetensors(rawFile({ a: t('F32', [4], [0, 16]) }, 12), 'x')).toThrow(
      "safetensors x: tensor 'a': data_offsets [0, 16] run past the end of the 12-byte data section (truncated file?)",
    );
  });

  it('rejects offsets that do not match dtype × shape', () => {
    expect(() => parseSafetensors(rawFile({ a: t('F32', [3], [0, 8]) }, 8), 'x')).toThrow("safetensors x: tensor 'a': data_offsets [0, 8] span 8 bytes, but F32 × [3] needs 12");
  });

  it('rejects unknown dtypes, bad shapes and bad offsets', () => {
    expect(() => parseSafetensors(rawFile({ a: t('F24', [1], [0, 3]) }, 3), 'x')).toThrow(
      /^safetensors x: header: field a\.dtype must be a safetensors dtype \(BOOL, .*\), got "F24"$/,
    );
    expect(() => parseSafetensors(rawFile({ a: t('F32', [-1], [0, 4]) }, 4), 'x')).toThrow('safetensors x: header: field a.shape.0 must be a non-negative integer, got -1');
    expect(() => parseSafetensors(rawFile({ a: t('F32', [1], [4]) }, 4), 'x')).toThrow(
      'safetensors x: header: field a.data_offsets must be [begin, end] of non-negative integers, got [4]',
    );
    expect(() => parseSafetensors(rawFile({ a: 3 }, 0), 'x')).toThrow('safetensors x: header: field a must be a JSON object, got 3');
    expect(() => parseSafetensors(rawFile({ __metadata__: { a: 1 } }, 0), 'x')).toThrow('safetensors x: header: field __metadata__.a must be a string, got 1');
    expect(() => parseSafetensors(rawFile({ __metadata__: [1] }, 0), 'x')).toThrow('safetensors x: header: field __metadata__ must be a JSON object, got [1]');
  });

  it('names the path when the file cannot be read', async () => {
    await expect(readSafetensors('/nonexistent/m.safetensors')).rejects.toThrow(/^reading safetensors \/nonexistent\/m\.safetensors failed: ENOENT/);
  });
});

describe('writeSafetensors', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bertfit-st-'));

  it('round-trips the parity fixture byte for byte (name order, padded header)', async () => {
    const src = parityFile('model.safetensors');
    const f = await readSafetensors(src);
    const out = join(dir, 'copy.safetensors');
    await writeSafetensors(out, f.tensors, { metadata: f.metadata });
    expect(Buffer.compare(readFileSync(out), readFileSync(src))).toBe(0);
  });

  it('writes a header padded to 8 with tensors in name order, and leaves no tmp file', async () => {
    const out = join(dir, 'small.safetensors');
    await writeSafetensors(
      out,
      [
        ['z', { shape: [1], data: new Float32Array([3]) }],
        ['a', { shape: [2, 1], data: new Float32Array([1, 2]) }],
      ],
      { metadata: { format: 'pt' } },
    );
    const bytes = readFileSync(out);
    const n = Number(bytes.readBigUInt64LE(0));
    expect(n % 8).toBe(0);
    const header = JSON.parse(bytes.subarray(8, 8 + n).toString());
    expect(Object.keys(header)).toEqual(['__metadata__', 'a', 'z']);
    expect(header.a.data_offsets).toEqual([0, 8]);
    expect(header.z.data_offsets).toEqual([8, 12]);
    expect(Array.from(parseSafetensors(bytes, out).tensors.get('z')!.data)).toEqual([3]);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('writes F16 with round-to-nearest-even and reads it back', async () => {
    const out = join(dir, 'half.safetensors');
    await writeSafetensors(out, [['w', { shape: [4], data: new Float32Array([1, 1 / 3, 65520, 2 ** -25]) }]], { dtype: 'F16' });
    const bytes = readFileSync(out);
    const start = bytes.length - 8;
    expect([0, 1, 2, 3].map((i) => bytes.readUInt16LE(start + 2 * i))).toEqual([0x3c00, 0x3555, 0x7c00, 0x0000]);
    const back = (await readSafetensors(out)).tensors.get('w')!;
    expect(back.dtype).toBe('F16');
    expect(Array.from(back.data)).toEqual([1, 0.333251953125, Infinity, 0]);
  });

  it('rejects data that does not fill the shape, and leaves no file', async () => {
    const out = join(dir, 'bad.safetensors');
    await expect(writeSafetensors(out, [['w', { shape: [2, 2], data: new Float32Array(3) }]])).rejects.toThrow(
      `writing safetensors ${out}: tensor 'w': 3 values do not fill shape [2, 2] (4)`,
    );
    expect(readdirSync(dir)).not.toContain('bad.safetensors');
  });
});
