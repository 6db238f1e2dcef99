// The optimizer's inner loops as a small WebAssembly SIMD module (f32x4), assembled here from opcodes
// so no toolchain is needed. V8's scalar JS loop spends ~9 ns per float on AdamW's sqrt and two
// divisions in float64; four lanes in float32 (torch's own precision for fp32 parameters) and one
// pass over memory bring that to ~2–3 ns. bench/adamw.bench.ts measures both.
//
// Exports (all pointers are byte offsets into the module's memory, 16-byte aligned; n is a multiple of 4):
//   adamw(p, g, m, v, n, gradScale, 1-β1, β2, 1-β2, keep, -stepSize, √bc2, eps)
//     torch.optim.AdamW's single-tensor step for float32:
//       p ← p·keep; g ← g·gradScale; m ← m + (1-β1)(g - m)   (torch's lerp_);
//       v ← v·β2 + (1-β2)·g·g (addcmul_); p ← p + (-stepSize)·(m / (√v / √bc2 + eps)) (addcdiv_)
//   sumSquares(x, n) → Σ x², accumulated in float64 (two f64x2 lanes pairs)
//   addInto(dst, src, n): dst ← dst + src (gradient accumulation; V8's scalar loop takes ~3 ns per float)
//   keepMask(out, n, key, j0, t): n dropout keep-bytes (n a multiple of 16), bit-identical to
//     runtime/dropout-masks.ts: h_j = fmix32(key + j·0x9e3779b9), out[2j] = (h_j & 0xffff) ≥ t, out[2j+1] = (h_j >>> 16) ≥ t

const SIMD = 0xfd;
const op = {
  block: 0x02,
  loop: 0x03,
  br: 0x0c,
  brIf: 0x0d,
  end: 0x0b,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  i32Const: 0x41,
  i32Add: 0x6a,
  i32GeU: 0x4f,
  f64Add: 0xa0,
  v128Load: [SIMD, 0x00],
  v128Store: [SIMD, 0x0b],
  v128Const0: [SIMD, 0x0c, ...new Array<number>(16).fill(0)],
  f32x4Splat: [SIMD, 0x13],
  f64x2ExtractLane: [SIMD, 0x21],
  i8x16Shuffle: [SIMD, 0x0d],
  f32x4Sqrt: [SIMD, 0xe3, 0x01],
  f32x4Add: [SIMD, 0xe4, 0x01],
  f32x4Sub: [SIMD, 0xe5, 0x01],
  f32x4Mul: [SIMD, 0xe6, 0x01],
  f32x4Div: [SIMD, 0xe7, 0x01],
  v128And: [SIMD, 0x4e],
  v128Xor: [SIMD, 0x51],
  i16x8Splat: [SIMD, 0x10],
  i32x4Splat: [SIMD, 0x11],
  i32x4ShrU: [SIMD, 0xad, 0x01],
  i32x4Add: [SIMD, 0xae, 0x01],
  i32x4Mul: [SIMD, 0xb5, 0x01],
  i16x8GeU: [SIMD, 0x36],
  i8x16NarrowI16x8U: [SIMD, 0x66],
  f64x2Add: [SIMD, 0xf0, 0x01],
  f64x2Mul: [SIMD, 0xf2, 0x01],
  f64x2PromoteLowF32x4: [SIMD, 0x5f],
} as const;
const I32 = 0x7f,
  F32 = 0x7d,
  F64 = 0x7c,
  V128 = 0x7b;
const memarg = [4, 0]; // align 2^4, offset 0

/** Signed LEB128 (i32.const immediates). */
function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}
const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
const get = (i: number): number[] => [op.localGet, ...uleb(i)];
const set = (i: number): number[] => [op.localSet, ...uleb(i)];
const tee = (i: number): number[] => [op.localTee, ...uleb(i)];
/** Address base + i (both locals). */
const at = (base: number, i: number): number[] => [...get(base), ...get(i), op.i32Add];
const load = (base: number, i: number): number[] => [...at(base, i), ...op.v128Load, ...memarg];

/** A loop over byte offset local `i` from 0 to local `n` in steps of 16. */
function loop16(i: number, n: number, body: number[]): number[] {
  return [
    op.i32Const,
    0,
    ...set(i),
    op.block,
    0x40,
    op.loop,
    0x40,
    ...get(i),
    ...get(n),
    op.i32GeU,
    op.brIf,
    1,
    ...body,
    ...get(i),
    op.i32Const,
    16,
    op.i32Add,
    ...set(i),
    op.br,
    0,
    op.end,
    op.end,
  ];
}

function adamwBody(): number[] {
  // params 0..3 p g m v, 4 n(bytes), 5..12 f32 scalars; locals 13 i, 14 G, 15 M, 16 V, 17..24 splats
  const [p, g, m, v, n] = [0, 1, 2, 3, 4];
  const [i, G, M, V] = [13, 14, 15, 16];
  const [sScale, sC1, sB2, sC2, sKeep, sNegStep, sBc2, sEps] = [17, 18, 19, 20, 21, 22, 23, 24];
  const splats = [5, 6, 7, 8, 9, 10, 11, 12].flatMap((k) => [...get(k), ...op.f32x4Splat, ...set(k + 12)]);
  const body = [
    ...load(g, i),
    ...get(sScale),
    ...op.f32x4Mul,
    ...set(G),
    // m + (1-β1)(g - m)
    ...load(m, i),
    ...tee(M),
    ...get(G),
    ...get(M),
    ...op.f32x4Sub,
    ...get(sC1),
    ...op.f32x4Mul,
    ...op.f32x4Add,
    ...set(M),
    ...at(m, i),
    ...get(M),
    ...op.v128Store,
    ...memarg,
    // v·β2 + (1-β2)·g·g
    ...load(v, i),
    ...get(sB2),
    ...op.f32x4Mul,
    ...get(sC2),
    ...get(G),
    ...op.f32x4Mul,
    ...get(G),
    ...op.f32x4Mul,
    ...op.f32x4Add,
    ...set(V),
    ...at(v, i),
    ...get(V),
    ...op.v128Store,
    ...memarg,
    // p·keep + (-stepSize)·(m / (√v / √bc2 + eps))
    ...at(p, i),
    ...load(p, i),
    ...get(sKeep),
    ...op.f32x4Mul,
    ...get(sNegStep),
    ...get(M),
    ...get(V),
    ...op.f32x4Sqrt,
    ...get(sBc2),
    ...op.f32x4Div,
    ...get(sEps),
    ...op.f32x4Add,
    ...op.f32x4Div,
    ...op.f32x4Mul,
    ...op.f32x4Add,
    ...op.v128Store,
    ...memarg,
  ];
  const locals = vec([
    [1, I32],
    [11, V128],
  ]);
  return [...locals, ...splats, ...loop16(i, n, body), op.end];
}

function sumSquaresBody(): number[] {
  // params 0 x, 1 n(bytes); locals 2 i; 3 X (f32x4), 4 lo, 5 hi (f64x2 sums of lanes 0,1 and 2,3), 6 T
  const [x, n, i, X, lo, hi, T] = [0, 1, 2, 3, 4, 5, 6];
  const lanes23 = [...op.i8x16Shuffle, 8, 9, 10, 11, 12, 13, 14, 15, 8, 9, 10, 11, 12, 13, 14, 15];
  const addSquares = (acc: number): number[] => [...get(acc), ...get(T), ...get(T), ...op.f64x2Mul, ...op.f64x2Add, ...set(acc)];
  const body = [
    ...load(x, i),
    ...set(X),
    ...get(X),
    ...op.f64x2PromoteLowF32x4,
    ...set(T),
    ...addSquares(lo),
    ...get(X),
    ...get(X),
    ...lanes23,
    ...op.f64x2PromoteLowF32x4,
    ...set(T),
    ...addSquares(hi),
  ];
  const locals = vec([
    [1, I32],
    [4, V128],
  ]);
  const sum = [...get(lo), ...get(hi), ...op.f64x2Add, ...tee(lo), ...op.f64x2ExtractLane, 0, ...get(lo), ...op.f64x2ExtractLane, 1, op.f64Add];
  return [...locals, ...op.v128Const0, ...set(lo), ...op.v128Const0, ...set(hi), ...loop16(i, n, body), ...sum, op.end];
}

function addIntoBody(): number[] {
  // params 0 dst, 1 src, 2 n(bytes); local 3 i
  const [dst, src, n, i] = [0, 1, 2, 3];
  const body = [...at(dst, i), ...load(dst, i), ...load(src, i), ...op.f32x4Add, ...op.v128Store, ...memarg];
  return [...vec([[1, I32]]), ...loop16(i, n, body), op.end];
}

function keepMaskBody(): number[] {
  // params 0 out, 1 n(bytes), 2 key, 3 j0, 4 t (i32); locals 5 i (i32); 6 J (lane counters j..j+3),
  // 7 C, 8 K, 9 M1, 10 M2, 11 T, 12 ONE, 13 FOUR, 14 A, 15 B (v128)
  const [out, n, key, j0, t, i, J, C, K, M1, M2, T, ONE, FOUR, A, Bv] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15];
  const i32 = (v: number): number[] => [op.i32Const, ...sleb(v)];
  const splat32 = (v: number[], local: number): number[] => [...v, ...op.i32x4Splat, ...set(local)];
  const xorShr = (x: number, k: number): number[] => [...get(x), ...get(x), ...i32(k), ...op.i32x4ShrU, ...op.v128Xor, ...set(x)];
  const mulBy = (x: number, m: number): number[] => [...get(x), ...get(m), ...op.i32x4Mul, ...set(x)];
  // x = fmix32(K + J·C), then J += 4
  const hash = (x: number): number[] => [
    ...get(J),
    ...get(C),
    ...op.i32x4Mul,
    ...get(K),
    ...op.i32x4Add,
    ...set(x),
    ...xorShr(x, 16),
    ...mulBy(x, M1),
    ...xorShr(x, 13),
    ...mulBy(x, M2),
    ...xorShr(x, 16),
    ...get(J),
    ...get(FOUR),
    ...op.i32x4Add,
    ...set(J),
  ];
  // Each 32-bit hash as two u16 lanes (low half first = out[2j], out[2j+1]); compare, 0xffff → 1, narrow to bytes.
  const keep = (x: number): number[] => [...get(x), ...get(T), ...op.i16x8GeU, ...get(ONE), ...op.v128And];
  const body = [...hash(A), ...hash(Bv), ...at(out, i), ...keep(A), ...keep(Bv), ...op.i8x16NarrowI16x8U, ...op.v128Store, ...memarg];
  const lanes = [
    // J = [j0, j0+1, j0+2, j0+3]: splat j0, then add the constant [0,1,2,3]
    ...get(j0),
    ...op.i32x4Splat,
    SIMD,
    0x0c,
    ...[0, 1, 2, 3].flatMap((k) => [k, 0, 0, 0]),
    ...op.i32x4Add,
    ...set(J),
    ...splat32(i32(0x9e3779b9 | 0), C),
    ...splat32(get(key), K),
    ...splat32(i32(0x85ebca6b | 0), M1),
    ...splat32(i32(0xc2b2ae35 | 0), M2),
    ...splat32(i32(4), FOUR),
    ...get(t),
    ...op.i16x8Splat,
    ...set(T),
    ...i32(1),
    ...op.i16x8Splat,
    ...set(ONE),
  ];
  const locals = vec([
    [1, I32],
    [10, V128],
  ]);
  return [...locals, ...lanes, ...loop16(i, n, body), op.end];
}

function moduleBytes(pages: number): Uint8Array {
  const typeAdamw = [0x60, ...vec([...new Array<number[]>(5).fill([I32]), ...new Array<number[]>(8).fill([F32])]), ...vec([])];
  const typeSum = [0x60, ...vec([[I32], [I32]]), ...vec([[F64]])];
  const typeAdd = [0x60, ...vec([[I32], [I32], [I32]]), ...vec([])];
  const typeMask = [0x60, ...vec([[I32], [I32], [I32], [I32], [I32]]), ...vec([])];
  const name = (s: string): number[] => vec([...Buffer.from(s)].map((b) => [b]));
  const code = (body: number[]): number[] => [...uleb(body.length), ...body];
  return Uint8Array.from([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, vec([typeAdamw, typeSum, typeAdd, typeMask])),
    ...section(3, vec([[0], [1], [2], [3]])),
    ...section(5, vec([[0x00, ...uleb(pages)]])),
    ...section(
      7,
      vec([
        [...name('adamw'), 0x00, 0],
        [...name('sumSquares'), 0x00, 1],
        [...name('addInto'), 0x00, 2],
        [...name('keepMask'), 0x00, 3],
        [...name('memory'), 0x02, 0],
      ]),
    ),
    ...section(10, vec([code(adamwBody()), code(sumSquaresBody()), code(addIntoBody()), code(keepMaskBody())])),
  ]);
}

/** The slice of the WebAssembly API used here (the repo's TS libs carry no WebAssembly types). */
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: Record<string, unknown> };
}
const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

export interface SimdKernel {
  memory: { buffer: ArrayBuffer };
  adamw(
    p: number,
    g: number,
    m: number,
    v: number,
    nBytes: number,
    gradScale: number,
    c1: number,
    b2: number,
    c2: number,
    keep: number,
    negStep: number,
    bc2Sqrt: number,
    eps: number,
  ): void;
  sumSquares(x: number, nBytes: number): number;
  addInto(dst: number, src: number, nBytes: number): void;
  keepMask(out: number, nBytes: number, key: number, j0: number, threshold: number): void;
}

const PAGE = 65536;
/** wasm32's limit: 65,536 pages of 64 KiB. */
export const MAX_KERNEL_BYTES = 65536 * PAGE;

/**
 * A kernel instance with its own memory of at least `bytes`; null when the bytes exceed wasm32's
 * 4 GiB, the engine lacks SIMD, or the memory cannot be reserved (callers fall back to plain JS).
 */
export function createSimdKernel(bytes: number): SimdKernel | null {
  if (bytes > MAX_KERNEL_BYTES) return null;
  const wasm = moduleBytes(Math.max(1, Math.ceil(bytes / PAGE)));
  if (!wasmApi.validate(wasm)) return null;
  try {
    const instance = new wasmApi.Instance(new wasmApi.Module(wasm));
    const e = instance.exports as unknown as SimdKernel;
    return { memory: e.memory, adamw: e.adamw, sumSquares: e.sumSquares, addInto: e.addInto, keepMask: e.keepMask };
  } catch (err) {
    if (err instanceof RangeError) return null; // memory could not be reserved
    throw err;
  }
}

/** Floats in each of the scratch kernel's two regions (64 KiB each: both stay in L2). */
export const SCRATCH_FLOATS = 16384;

export interface ScratchKernel {
  k: SimdKernel;
  /** Region a at byte 0 and region b at byte 4·SCRATCH_FLOATS, as floats; `bytes` is region a as bytes. */
  a: Float32Array;
  b: Float32Array;
  bytes: Uint8Array;
}

let scratch: ScratchKernel | null | undefined;

/**
 * The one kernel instance shared by the streaming helpers (gradient norm, accumulation, dropout masks):
 * they copy their data through its two regions chunk by chunk. Null without WebAssembly SIMD.
 * (AdamW has its own instance: its moments live in kernel memory.)
 */
export function scratchKernel(): ScratchKernel | null {
  if (scratch === undefined) {
    const k = createSimdKernel(8 * SCRATCH_FLOATS);
    scratch = k && {
      k,
      a: new Float32Array(k.memory.buffer, 0, SCRATCH_FLOATS),
      b: new Float32Array(k.memory.buffer, 4 * SCRATCH_FLOATS, SCRATCH_FLOATS),
      bytes: new Uint8Array(k.memory.buffer, 0, 4 * SCRATCH_FLOATS),
    };
  }
  return scratch;
}
