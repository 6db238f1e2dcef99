// A protobuf wire-format codec just big enough to rewrite ONNX ModelProto bytes: fields are kept
// raw (varints as bigint, length-delimited as bytes) so unknown fields round-trip untouched.
import { BertfitError } from '@bertfit/core';

export type Field =
  | { no: number; wire: 0; value: bigint }
  | { no: number; wire: 1 | 5; raw: Uint8Array }
  | { no: number; wire: 2; bytes: Uint8Array };

/** Splits one message into its fields, in order. */
export function decodeFields(buf: Uint8Array, what: string): Field[] {
  const out: Field[] = [];
  let pos = 0;
  const varint = (): bigint => {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (pos >= buf.length) throw new BertfitError(`ONNX ${what}: truncated varint at byte ${pos}`);
      const b = buf[pos++]!;
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result;
      shift += 7n;
      if (shift > 63n) throw new BertfitError(`ONNX ${what}: varint longer than 10 bytes at byte ${pos}`);
    }
  };
  const take = (n: number): Uint8Array => {
    if (pos + n > buf.length) throw new BertfitError(`ONNX ${what}: field runs past the end (${pos + n} > ${buf.length} bytes)`);
    const s = buf.subarray(pos, pos + n);
    pos += n;
    return s;
  };
  while (pos < buf.length) {
    const tag = Number(varint());
    const no = tag >>> 3;
    const wire = tag & 7;
    if (wire === 0) out.push({ no, wire, value: varint() });
    else if (wire === 2) out.push({ no, wire, bytes: take(Number(varint())) });
    else if (wire === 1) out.push({ no, wire, raw: take(8) });
    else if (wire === 5) out.push({ no, wire, raw: take(4) });
    else throw new BertfitError(`ONNX ${what}: unsupported wire type ${wire} (field ${no})`);
  }
  return out;
}

/** Joins fields back into message bytes. */
export function encodeFields(fields: readonly Field[]): Uint8Array {
  const parts: Uint8Array[] = [];
  let total = 0;
  const push = (p: Uint8Array): void => {
    parts.push(p);
    total += p.length;
  };
  for (const f of fields) {
    push(varintBytes(BigInt((f.no << 3) | f.wire)));
    if (f.wire === 0) push(varintBytes(f.value));
    else if (f.wire === 2) {
      push(varintBytes(BigInt(f.bytes.length)));
      push(f.bytes);
    } else push(f.raw);
  }
  const out = new Uint8Array(total);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

export function varintBytes(v: bigint): Uint8Array {
  let x = BigInt.asUintN(64, v);
  const b: number[] = [];
  while (x >= 0x80n) {
    b.push(Number(x & 0x7fn) | 0x80);
    x >>= 7n;
  }
  b.push(Number(x));
  return Uint8Array.from(b);
}

const enc = new TextEncoder();
const dec = new TextDecoder();

export const str = (no: number, s: string): Field => ({ no, wire: 2, bytes: enc.encode(s) });
export const int = (no: number, v: number | bigint): Field => ({ no, wire: 0, value: BigInt(v) });
export const msg = (no: number, fields: readonly Field[]): Field => ({ no, wire: 2, bytes: encodeFields(fields) });
export const bytesField = (no: number, bytes: Uint8Array): Field => ({ no, wire: 2, bytes });

export function text(f: Field): string {
  if (f.wire !== 2) throw new BertfitError(`ONNX: field ${f.no} is not a string`);
  return dec.decode(f.bytes);
}

/** Signed int64 value of a varint field. */
export function intOf(f: Field): number {
  if (f.wire !== 0) throw new BertfitError(`ONNX: field ${f.no} is not a varint`);
  return Number(BigInt.asIntN(64, f.value));
}
