// AdamW's state on disk (`optimizer.safetensors` of a checkpoint): the two moments per parameter as
// `exp_avg.<name>` / `exp_avg_sq.<name>` (float32, so a resumed run continues bit-identically) and the
// step counter in the metadata.
import { BertfitError } from '@bertfit/core';
import { readSafetensors, writeSafetensors } from '../io/safetensors.js';
import { ParamStore } from '../runtime/param-store.js';
import type { TensorLike } from '../runtime/param-store.js';
import type { AdamWState } from './adamw.js';

const FORMAT = 'bertfit-adamw-v1';

/** Writes `state` (laid out like `store`) atomically to `path`. */
export async function writeAdamWState(path: string, store: ParamStore, state: AdamWState): Promise<void> {
  const m = ParamStore.fromFlat(store.specs, state.expAvg);
  const v = ParamStore.fromFlat(store.specs, state.expAvgSq);
  const tensors: [string, TensorLike][] = [];
  for (const [n, t] of m.toTensors()) tensors.push([`exp_avg.${n}`, t]);
  for (const [n, t] of v.toTensors()) tensors.push([`exp_avg_sq.${n}`, t]);
  await writeSafetensors(path, tensors, { metadata: { format: FORMAT, step: String(state.step) } });
}

/** Reads a state written by writeAdamWState for parameters laid out like `store`; every moment is shape-checked. */
export async function readAdamWState(path: string, store: ParamStore): Promise<AdamWState> {
  const file = await readSafetensors(path);
  if (file.metadata.format !== FORMAT) {
    throw new BertfitError(`reading optimizer state ${path}: metadata format is ${JSON.stringify(file.metadata.format)}, expected "${FORMAT}"`);
  }
  const step = Number(file.metadata.step);
  if (!Number.isSafeInteger(step) || step < 0) {
    throw new BertfitError(`reading optimizer state ${path}: metadata step is ${JSON.stringify(file.metadata.step)}, expected a non-negative integer`);
  }
  const moments = (prefix: string): Float32Array => {
    const s = ParamStore.zerosLike(store);
    const picked = new Map([...file.tensors].filter(([n]) => n.startsWith(prefix)).map(([n, t]) => [n.slice(prefix.length), t]));
    s.loadTensors(picked, { source: `${path} (${prefix}*)` });
    return s.flat;
  };
  return { step, expAvg: moments('exp_avg.'), expAvgSq: moments('exp_avg_sq.') };
}
