import { DataError } from '../data-error.js';
import type { Example } from '../example.js';
import { Rng } from '../rng.js';

export type SplitMethod = 'head' | 'stratified';

export interface SplitOptions {
  /** `head`: first (1 − f) train, last f validation, file order (the recipe). `stratified`: seeded, per-class. */
  method: SplitMethod;
  /** Share of examples that go to validation, in [0, 1). */
  validationFraction: number;
  /** Seed of the stratified shuffle (ignored by `head`). */
  seed: number;
}

export interface Split {
  train: Example[];
  validation: Example[];
}

/** Splits the train file into train and validation; test is always its own split. */
export function splitDataset(examples: Example[], opts: SplitOptions): Split {
  const f = opts.validationFraction;
  if (!(f >= 0 && f < 1)) throw new DataError(`data.split.validationFraction must be in [0, 1), got ${f}`);
  switch (opts.method) {
    case 'head': {
      // HF's train_test_split(shuffle=False) rounds the test share up: ceil(n · f) validation rows.
      const nVal = Math.ceil(examples.length * f);
      const cut = examples.length - nVal;
      return { train: examples.slice(0, cut), validation: examples.slice(cut) };
    }
    case 'stratified':
      return stratified(examples, f, opts.seed);
    default:
      throw new DataError(`data.split.method must be "head" or "stratified", got ${JSON.stringify(opts.method)}`);
  }
}

/** Per class, a seeded shuffle and round(count · f) to validation; each part keeps file order. */
function stratified(examples: Example[], f: number, seed: number): Split {
  const byClass = new Map<number, number[]>();
  examples.forEach((e, i) => {
    const list = byClass.get(e.label) ?? [];
    list.push(i);
    byClass.set(e.label, list);
  });
  const inValidation = new Uint8Array(examples.length);
  for (const label of [...byClass.keys()].sort((a, b) => a - b)) {
    const members = new Rng(seed, label).shuffle(byClass.get(label)!);
    const nVal = Math.round(members.length * f);
    for (let k = 0; k < nVal; k++) inValidation[members[k]!] = 1;
  }
  const train: Example[] = [];
  const validation: Example[] = [];
  examples.forEach((e, i) => (inValidation[i] ? validation : train).push(e));
  return { train, validation };
}
