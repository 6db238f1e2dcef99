/**
 * A minimal Parquet writer for test fixtures (no writer is installed): one row group, REQUIRED
 * UTF8 and INT64 columns, PLAIN encoding, uncompressed, thrift compact metadata per the format spec.
 */
type Column = { name: string; type: 'utf8'; values: string[] } | { name: string; type: 'int64'; values: number[] };

class Compact {
  bytes: number[] = [];
  private last: number[] = [0];
  varint(n: bigint): void {
    do {
      let b = Number(n & 0x7fn);
      n >>= 7n;
      if (n > 0n) b |= 0x80;
      this.bytes.push(b);
    } while (n > 0n);
  }
  zigzag(n: number | bigint): void {
    const v = BigInt(n);
    this.varint(v >= 0n ? v << 1n : (-v << 1n) - 1n);
  }
  field(id: number, type: number): void {
    const delta = id - this.last[this.last.length - 1]!;
    this.bytes.push((delta << 4) | type);
    this.last[this.last.length - 1] = id;
  }
  i32(id: number, v: number): void {
    this.field(id, 5);
    this.zigzag(v);
  }
  i64(id: number, v: number): void {
    this.field(id, 6);
    this.zigzag(v);
  }
  binary(id: number, s: string): void {
    this.field(id, 8);
    this.raw(Buffer.from(s));
  }
  raw(b: Uint8Array): void {
    this.varint(BigInt(b.length));
    this.bytes.push(...b);
  }
  struct(id: number | null, body: () => void): void {
    if (id !== null) this.field(id, 12);
    this.last.push(0);
    body();
    this.bytes.push(0);
    this.last.pop();
  }
  list(id: number, elemType: number, items: (() => void)[]): void {
    this.field(id, 9);
    this.bytes.push((items.length << 4) | elemType);
    for (const item of items) item();
  }
}

export function writeParquet(columns: Column[]): Uint8Array {
  const rows = columns[0]!.values.length;
  const out: number[] = [...Buffer.from('PAR1')];
  const chunks: { offset: number; size: number; col: Column }[] = [];
  for (const col of columns) {
    const data: number[] = [];
    for (const v of col.values) {
      if (col.type === 'utf8') {
        const b = Buffer.from(v as string);
        const len = Buffer.alloc(4);
        len.writeUInt32LE(b.length);
        data.push(...len, ...b);
      } else {
        const b = Buffer.alloc(8);
        b.writeBigInt64LE(BigInt(v));
        data.push(...b);
      }
    }
    const header = new Compact();
    header.struct(null, () => {
      header.i32(1, 0);
      header.i32(2, data.length);
      header.i32(3, data.length);
      header.struct(5, () => {
        header.i32(1, rows);
        header.i32(2, 0);
        header.i32(3, 3);
        header.i32(4, 3);
      });
    });
    const offset = out.length;
    out.push(...header.bytes, ...data);
    chunks.push({ offset, size: out.length - offset, col });
  }
  const meta = new Compact();
  meta.struct(null, () => {
    meta.i32(1, 1);
    meta.list(2, 12, [
      () =>
        meta.struct(null, () => {
          meta.binary(4, 'schema');
          meta.i32(5, columns.length);
        }),
      ...columns.map(
        (c) => () =>
          meta.struct(null, () => {
            meta.i32(1, c.type === 'utf8' ? 6 : 2);
            meta.i32(3, 0);
            meta.binary(4, c.name);
            if (c.type === 'utf8') meta.i32(6, 0);
          }),
      ),
    ]);
    meta.i64(3, rows);
    meta.list(4, 12, [
      () =>
        meta.struct(null, () => {
          meta.list(
            1,
            12,
            chunks.map(
              (ch) => () =>
                meta.struct(null, () => {
                  meta.i64(2, ch.offset);
                  meta.struct(3, () => {
                    meta.i32(1, ch.col.type === 'utf8' ? 6 : 2);
                    meta.list(2, 5, [() => meta.zigzag(0)]);
                    meta.list(3, 8, [() => meta.raw(Buffer.from(ch.col.name))]);
                    meta.i32(4, 0);
                    meta.i64(5, rows);
                    meta.i64(6, ch.size);
                    meta.i64(7, ch.size);
                    meta.i64(9, ch.offset);
                  });
                }),
            ),
          );
          meta.i64(
            2,
            chunks.reduce((s, c) => s + c.size, 0),
          );
          meta.i64(3, rows);
        }),
    ]);
  });
  const len = Buffer.alloc(4);
  len.writeUInt32LE(meta.bytes.length);
  return Uint8Array.from([...out, ...meta.bytes, ...len, ...Buffer.from('PAR1')]);
}
