// AdamW with torch.optim.AdamW semantics (decoupled weight decay, bias correction) over the flat
// buffers of a ParamStore. Per-parameter decay comes from the specs (HF's no-decay group: biases and
// LayerNorm weights). One tight loop per run of same-decay tensors; nothing is allocated per step.
import { BertfitError } from '@bertfit/config';
import type { ParamStore } from '../runtime/param-store.js';

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

  constructor(store: ParamStore, readonly opts: AdamWOptions) {
    const { beta1, beta2, eps, weightDecay } = opts;
    const ok = beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1 && eps >= 0 && weightDecay >= 0;
    if (!ok) throw new BertfitError(`AdamW: invalid options ${JSON.stringify(opts)} (betas in [0, 1), eps and weightDecay ≥ 0)`);
    this.params = store.flat;
    this.expAvg = new Float32Array(store.size);
    this.expAvgSq = new Float32Array(store.size);
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
    const { beta1: b1, beta2: b2, eps, weightDecay } = this.opts;
    const stepSize = lr / (1 - b1 ** this.t);
    const invBc2Sqrt = 1 / Math.sqrt(1 - b2 ** this.t);
    const c1 = 1 - b1;
    const c2 = 1 - b2;
    const p = this.params, m = this.expAvg, v = this.expAvgSq;
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

  /** The live state (no copy): the moments are ParamStore-shaped, for checkpoints. */
  state(): AdamWState {
    return { step: this.t, expAvg: this.expAvg, expAvgSq: this.expAvgSq };
  }

  /** Restores a state saved by state() (copied in; lengths checked). */
  loadState(state: AdamWState): void {
    if (!Number.isSafeInteger(state.step) || state.step < 0) throw new BertfitError(`AdamW.loadState: step is ${state.step}, expected a non-negative integer`);
    for (const [key, arr] of [['expAvg', state.expAvg], ['expAvgSq', state.expAvgSq]] as const) {
      if (arr.length !== this.params.length) {
        throw new BertfitError(`AdamW.loadState: ${key} has ${arr.length} values, the parameters ${this.params.length}`);
      }
    }
    this.expAvg.set(state.expAvg);
    this.expAvgSq.set(state.expAvgSq);
    this.t = state.step;
  }
}
