// Hugging Face's BertPreTrainedModel._init_weights for init "random": Linear and Embedding weights
// N(0, initializer_range²), biases 0, LayerNorm weight 1 / bias 0, the padding row zeroed.
// Each tensor draws from its own stream keyed by (seed, name): the values of a tensor do not depend
// on which other tensors exist, so a freshly initialised classifier is the same in every model size.
import { BertfitError } from '@bertfit/core';
import type { BertConfig } from './bert-config.js';
import type { ParamSpec } from './bert-params.js';
import type { ParamStore } from '../runtime/param-store.js';

// Hoisted: inside jest's vm context every `Math.x` lookup in a hot loop goes through the
// contextified global and runs ~30× slower; module constants are resolved once.
const { imul, sqrt, log, cos, sin, PI } = Math;

/**
 * Fills `out` with N(0, std²) draws from xoshiro128** (Blackman & Vigna) seeded by splitmix32, via
 * Box–Muller (both values used). State lives in int32 locals: a class with fields ran ~50× slower.
 */
export function fillNormal(out: Float32Array, std: number, seed: number): void {
  let s = seed | 0;
  const mix = (): number => {
    s = (s + 0x9e3779b9) | 0;
    let z = s;
    z = imul(z ^ (z >>> 16), 0x85ebca6b);
    z = imul(z ^ (z >>> 13), 0xc2b2ae35);
    return z ^ (z >>> 16);
  };
  let a = mix(),
    b = mix(),
    c = mix(),
    d = mix();
  const n = out.length;
  for (let i = 0; i < n; i += 2) {
    // Two uniforms in (0, 1): never 0, so log() is finite.
    let r0 = imul(b, 5);
    r0 = imul((r0 << 7) | (r0 >>> 25), 9);
    let t = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = (d << 11) | (d >>> 21);
    let r1 = imul(b, 5);
    r1 = imul((r1 << 7) | (r1 >>> 25), 9);
    t = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = (d << 11) | (d >>> 21);
    const u0 = ((r0 >>> 0) + 0.5) * 2.3283064365386963e-10;
    const u1 = ((r1 >>> 0) + 0.5) * 2.3283064365386963e-10;
    const rad = std * sqrt(-2 * log(u0));
    const th = 2 * PI * u1;
    out[i] = rad * cos(th);
    if (i + 1 < n) out[i + 1] = rad * sin(th);
  }
}

/** FNV-1a of the name mixed with both halves of the seed: one independent stream per tensor. */
export function tensorSeed(seed: number, name: string): number {
  let h = 0x811c9dc5 ^ (seed >>> 0) ^ Math.imul(Math.floor(seed / 4294967296) >>> 0, 0x27d4eb2f);
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

function initOne(spec: ParamSpec, view: Float32Array, std: number, seed: number): void {
  switch (spec.init) {
    case 'zeros':
      view.fill(0);
      return;
    case 'ones':
      view.fill(1);
      return;
    case 'normal':
    case 'embedding': {
      fillNormal(view, std, tensorSeed(seed, spec.name));
      if (spec.paddingRow !== undefined) {
        const width = spec.shape[1] ?? 1;
        view.fill(0, spec.paddingRow * width, (spec.paddingRow + 1) * width);
      }
      return;
    }
  }
}

/**
 * Initialises the parameters of `store` (all, or only `names`) as HF does, deterministically from
 * `seed` (a non-negative safe integer).
 */
export function initBertParams(store: ParamStore, cfg: BertConfig, seed: number, names?: Iterable<string>): void {
  if (!Number.isSafeInteger(seed) || seed < 0) throw new BertfitError(`initBertParams: seed is ${seed}, expected a non-negative integer`);
  const only = names === undefined ? null : new Set(names);
  if (only) for (const n of only) store.spec(n); // unknown names fail here, before anything is written
  store.forEach((spec, view) => {
    if (only === null || only.has(spec.name)) initOne(spec, view, cfg.initializerRange, seed);
  });
}
