import { computeClassWeight } from '@bertfit/metrics';
import { DataError } from '../data-error.js';
import type { Example } from '../example.js';
import { range } from '../rng.js';

/** `balanced` weights n / (k · count_c) of the train part, as sklearn's compute_class_weight. */
export function classWeights(train: Example[], numLabels: number): number[] {
  const counts = new Array<number>(numLabels).fill(0);
  for (const e of train) counts[e.label]!++;
  const empty = counts.indexOf(0);
  if (empty >= 0) {
    throw new DataError(
      `train.classWeights "balanced": label ${empty} has no train examples, so its balanced weight is undefined (${train.length} examples, counts ${counts.join('/')})`,
    );
  }
  return computeClassWeight(
    'balanced',
    range(numLabels),
    train.map((e) => e.label),
  );
}
