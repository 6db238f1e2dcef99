import { describe, expect, it } from '@jest/globals';
import { classWeights } from './class-weights.js';

const ex = (labels: number[]) => labels.map((label, index) => ({ index, text: `t${index}`, label }));

describe('classWeights', () => {
  it('balanced: n / (k · count_c)', () => {
    expect(classWeights(ex([0, 0, 0, 1, 2, 2]), 3)).toEqual([6 / 9, 6 / 3, 6 / 6]);
  });
  it('a label without train examples is an error', () => {
    expect(() => classWeights(ex([0, 2, 2]), 3)).toThrow(
      'train.classWeights "balanced": label 1 has no train examples, so its balanced weight is undefined (3 examples, counts 1/0/2)',
    );
  });
});
