/**
 * A minimal protobuf wire-format writer: varints (negative int64 as 10-byte two's complement),
 * fixed32 floats, and length-delimited fields. Sub-messages are written by a nested writer.
 */
export class ProtoWriter {
  private buf = new Uint8Array(256);
  private len = 0;

  private reserve(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.len + n) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  private varint(v: bigint): void {
    let x = BigInt.asUintN(64, v);
    this.reserve(10);
    while (x >= 0x80n) {
      this.buf[this.len++] = Number(x & 0x7fn) | 0x80;
      x >>= 7n;
    }
    this.buf[this.len++] = Number(x);
  }

  private tag(field: number, wire: number): void {
    this.varint(BigInt((field << 3) | wire));
  }

  int(field: number, v: number | bigint): this {
    this.tag(field, 0);
    this.varint(typeof v === 'bigint' ? v : BigInt(v));
    return this;
  }

  float(field: number, v: number): this {
    this.tag(field, 5);
    this.reserve(4);
    new DataView(this.buf.buffer, this.buf.byteOffset + this.len, 4).setFloat32(0, v, true);
    this.len += 4;
    return this;
  }

  bytes(field: number, data: Uint8Array): this {
    this.tag(field, 2);
    this.varint(BigInt(data.length));
    this.reserve(data.length);
    this.buf.set(data, this.len);
    this.len += data.length;
    return this;
  }

  string(field: number, s: string): this {
    return this.bytes(field, new TextEncoder().encode(s));
  }

  message(field: number, write: (w: ProtoWriter) => void): this {
    const w = new ProtoWriter();
    write(w);
    return this.bytes(field, w.finish());
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}
