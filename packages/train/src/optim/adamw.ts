// AdamW with torch.optim.AdamW semantics (decoupled weight decay, bias correction) over the flat
// buffers of a ParamStore. Per-parameter decay comes from the specs (HF's no-decay group: biases and
// LayerNorm weights). One pass per run of same-decay tensors; nothing is allocated per step.
// The moments live in a WebAssembly SIMD kernel's memory and the update runs there in float32, as
// torch's does (simd/simd-kernel.ts); parameters and gradients pass through in L2-sized chunks. Models whose
// moments exceed wasm32's 4 GiB use the plain JS loop (float64 arithmetic, same formulas).
import { BertfitError } from '@bertfit/core';
import type { ParamStore } from '../runtime/param-store.js';
import { createSimdKernel } from '../simd/simd-kernel.js';
import type { SimdKernel } from '../simd/simd-kernel.js';

/** Floats per chunk copied through the kernel (×2 arrays = 128 KiB: stays in L2). */
const CHUNK = 16384;
const f32 = Math.fround;

// Hoisted out of the hot loop (a `Math.sqrt` lookup per element is slow inside jest's vm context).
const { sqrt } = Math;

export interface AdamWOptions {
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
}

export interface AdamWState {
  /** Optimizer steps taken (torch's `step`), used for bias correction. */
  step: number;
  expAvg: Float32Array;
  expAvgSq: Float32Array;
}

/**
 * The per-step scalars of torch's AdamW at step `t` (1-based) with learning rate `lr`: the bias-corrected
 * step size lr / (1 − β1ᵗ), √(1 − β2ᵗ), and the decoupled-decay factor 1 − lr·wd (decaying tensors only).
 * The in-graph AdamW (optim/adamw-graph.ts) is fed exactly these.
 */
export function adamwStepScalars(opts: AdamWOptions, t: number, lr: number): { stepSize: number; bc2Sqrt: number; decayKeep: number } {
  return { stepSize: lr / (1 - opts.beta1 ** t), bc2Sqrt: Math.sqrt(1 - opts.beta2 ** t), decayKeep: 1 - lr * opts.weightDecay };
}

interface Segment {
  begin: number;
  end: number;
  decay: boolean;
}

export class AdamW {
  private readonly params: Float32Array;
  private readonly expAvg: Float32Array;
  private readonly expAvgSq: Float32Array;
  private readonly segments: Segment[] = [];
  private t = 0;
  /** The kernel and its two chunk buffers for parameters and gradients; null on the JS path. */
  private readonly kernel: { k: SimdKernel; p: Float32Array; g: Float32Array } | null;

  /** `simd: false` forces the plain JS loop (tests and benches compare the two). */
  constructor(
    store: ParamStore,
    readonly opts: AdamWOptions,
    impl: { simd: boolean } = { simd: true },
  ) {
    const { beta1, beta2, eps, weightDecay } = opts;
    const ok = beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1 && eps >= 0 && weightDecay >= 0;
    if (!ok) throw new BertfitError(`AdamW: invalid options ${JSON.stringify(opts)} (betas in [0, 1), eps and weightDecay ≥ 0)`);
    this.params = store.flat;
    const n = store.size;
    const vBytes = align16(4 * n);
    const chunkPtr = 2 * vBytes;
    const k = impl.simd ? createSimdKernel(chunkPtr + 8 * CHUNK) : null;
    if (k) {
      this.expAvg = new Float32Array(k.memory.buffer, 0, n);
      this.expAvgSq = new Float32Array(k.memory.buffer, vBytes, n);
      this.kernel = { k, p: new Float32Array(k.memory.buffer, chunkPtr, CHUNK), g: new Float32Array(k.memory.buffer, chunkPtr + 4 * CHUNK, CHUNK) };
    } else {
      this.expAvg = new Float32Array(n);
      this.expAvgSq = new Float32Array(n);
      this.kernel = null;
    }
    // Merge neighbouring tensors with the same decay flag into one loop range.
    store.forEach((spec, view, offset) => {
      const last = this.segments.at(-1);
      if (last && last.decay === spec.decay && last.end === offset) last.end = offset + view.length;
      else this.segments.push({ begin: offset, end: offset + view.length, decay: spec.decay });
    });
  }

  /**
   * One update in place with learning rate `lr`. `gradScale` multiplies every gradient first (pass the
   * clip coefficient here instead of scaling the buffer: one pass over memory fewer).
   */
  step(grads: Float32Array, lr: number, gradScale = 1): void {
    if (grads.length !== this.params.length) {
      throw new BertfitError(`AdamW.step: gradient buffer has ${grads.length} values, the parameters ${this.params.length}`);
    }
    if (!(lr >= 0) || !Number.isFinite(lr)) throw new BertfitError(`AdamW.step: learning rate is ${lr}, expected a finite number ≥ 0`);
    this.t += 1;
    const { stepSize, bc2Sqrt } = adamwStepScalars(this.opts, this.t, lr);
    if (this.kernel) this.simdStep(grads, lr, gradScale, stepSize, bc2Sqrt);
    else this.jsStep(grads, lr, gradScale, stepSize, bc2Sqrt);
  }

  /** The fallback: float64 arithmetic, one tight loop per run of same-decay tensors. */
  private jsStep(grads: Float32Array, lr: number, gradScale: number, stepSize: number, bc2Sqrt: number): void {
    const { beta1: b1, beta2: b2, eps, weightDecay } = this.opts;
    const c1 = 1 - b1;
    const c2 = 1 - b2;
    const invBc2Sqrt = 1 / bc2Sqrt;
    const p = this.params,
      m = this.expAvg,
      v = this.expAvgSq;
    for (const seg of this.segments) {
      const keep = seg.decay ? 1 - lr * weightDecay : 1;
      for (let i = seg.begin, end = seg.end; i < end; i++) {
        const g = grads[i]! * gradScale;
        const mi = b1 * m[i]! + c1 * g;
        const vi = b2 * v[i]! + c2 * g * g;
        m[i] = mi;
        v[i] = vi;
        p[i] = p[i]! * keep - (stepSize * mi) / (sqrt(vi) * invBc2Sqrt + eps);
      }
    }
  }

  /** The kernel path: float32 scalars as torch rounds them; the 0–3 floats after each run's last
   *  multiple of 4 go through the same float32 formulas in JS. */
  private simdStep(grads: Float32Array, lr: number, gradScale: number, stepSize: number, bc2Sqrt: number): void {
    const { k, p: pChunk, g: gChunk } = this.kernel!;
    const { beta1: b1, beta2: b2, eps, weightDecay } = this.opts;
    const [scale, c1, fb2, c2, negStep, fBc2, fEps] = [gradScale, 1 - b1, b2, 1 - b2, -stepSize, bc2Sqrt, eps].map(f32) as [number, number, number, number, number, number, number];
    const p = this.params,
      m = this.expAvg,
      v = this.expAvgSq;
    for (const seg of this.segments) {
      const keep = f32(seg.decay ? 1 - lr * weightDecay : 1);
      for (let off = seg.begin; off < seg.end; off += CHUNK) {
        const len = Math.min(CHUNK, seg.end - off);
        const main = len & ~3;
        pChunk.set(p.subarray(off, off + main));
        gChunk.set(grads.subarray(off, off + main));
        k.adamw(pChunk.byteOffset, gChunk.byteOffset, m.byteOffset + 4 * off, v.byteOffset + 4 * off, 4 * main, scale, c1, fb2, c2, keep, negStep, fBc2, fEps);
        p.set(pChunk.subarray(0, main), off);
        for (let i = off + main; i < off + len; i++) {
          const g = f32(grads[i]! * scale);
          const mi = f32(m[i]! + f32(c1 * f32(g - m[i]!)));
          const vi = f32(f32(v[i]! * fb2) + f32(f32(c2 * g) * g));
          m[i] = mi;
          v[i] = vi;
          p[i] = f32(f32(p[i]! * keep) + f32(negStep * f32(mi / f32(f32(f32(Math.sqrt(vi)) / fBc2) + fEps))));
        }
      }
    }
  }

  /** 'simd' (the WebAssembly kernel) or 'js' (the fallback loop). */
  get implementation(): 'simd' | 'js' {
    return this.kernel ? 'simd' : 'js';
  }

  /** The live state (no copy): the moments are ParamStore-shaped, for checkpoints. */
  state(): AdamWState {
    return { step: this.t, expAvg: this.expAvg, expAvgSq: this.expAvgSq };
  }

  /** Counts `n` steps that were applied to the live state elsewhere (the resident graph writes the moments in place). */
  advance(n: number): void {
    if (!Number.isSafeInteger(n) || n < 0) throw new BertfitError(`AdamW.advance: ${n} steps, expected a non-negative integer`);
    this.t += n;
  }

  /** Restores a state saved by state() (copied in; lengths checked). */
  loadState(state: AdamWState): void {
    if (!Number.isSafeInteger(state.step) || state.step < 0) throw new BertfitError(`AdamW.loadState: step is ${state.step}, expected a non-negative integer`);
    for (const [key, arr] of [
      ['expAvg', state.expAvg],
      ['expAvgSq', state.expAvgSq],
    ] as const) {
      if (arr.length !== this.params.length) {
        throw new BertfitError(`AdamW.loadState: ${key} has ${arr.length} values, the parameters ${this.params.length}`);
      }
    }
    this.expAvg.set(state.expAvg);
    this.expAvgSq.set(state.expAvgSq);
    this.t = state.step;
  }
}

function align16(n: number): number {
  return Math.ceil(n / 16) * 16;
}
