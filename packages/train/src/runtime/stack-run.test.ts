import { describe, expect, it } from '@jest/globals';
import type { Batch } from '@bertfit/data';
import type { DropoutSite } from '../models/bert-graph.js';
import { dropoutKey, fillKeepMask } from './dropout-masks.js';
import { stackMasks, stackRun } from './stack-run.js';

const batch = (seqLen: number, first: number): Batch => ({
  size: 2,
  seqLen,
  inputIds: Int32Array.from({ length: 2 * seqLen }, (_, i) => first + i),
  attentionMask: new Int32Array(2 * seqLen).fill(1),
  tokenTypeIds: new Int32Array(2 * seqLen).fill(1),
  labels: Int32Array.of(0, 1),
});

describe('stackRun / stackMasks', () => {
  it('pads every micro-batch to the longest with pad id, mask 0, type 0, stacked [K, A, batch, seq]', () => {
    const run = stackRun([[batch(2, 10), batch(3, 20)]], 0);
    expect([run.steps, run.accumulation, run.size, run.seqLen]).toEqual([1, 2, 2, 3]);
    expect(Array.from(run.inputIds, Number)).toEqual([10, 11, 0, 12, 13, 0, 20, 21, 22, 23, 24, 25]);
    expect(Array.from(run.attentionMask, Number)).toEqual([1, 1, 0, 1, 1, 0, 1, 1, 1, 1, 1, 1]);
    expect(Array.from(run.tokenTypeIds, Number)).toEqual([1, 1, 0, 1, 1, 0, 1, 1, 1, 1, 1, 1]);
    expect(Array.from(run.labels, Number)).toEqual([0, 1, 0, 1]);
    expect(() => stackRun([[batch(2, 0)], [batch(2, 0), batch(2, 0)]], 0)).toThrow('stackRun: step 1 has 2 micro-batches, step 0 has 1');
    expect(() => stackRun([], 0)).toThrow('stackRun: no micro-batches');
  });

  it("draws each mask at its batch's own length (as the ordinary path does) and places it in the padded layout", () => {
    const sites: DropoutSite[] = [
      { name: 'rows', ratio: 0.5, shape: ['batch*seq', 3] },
      { name: 'probs', ratio: 0.5, shape: ['batch', 2, 'seq', 'seq'] },
    ];
    const groups = [[batch(2, 0), batch(4, 0)]];
    const run = stackRun(groups, 0);
    const [rows, probs] = stackMasks(sites, groups, run, 9, 5);
    const own = (site: number, n: number, micro: number): Uint8Array => {
      const m = new Uint8Array(n);
      fillKeepMask(m, dropoutKey(9, 5, micro, site), 0.5);
      return m;
    };
    // micro 0 (seq 2 of 4): row b·4 + t holds own row b·2 + t; padded rows keep (1).
    const r0 = own(0, 2 * 2 * 3, 0);
    for (let b = 0; b < 2; b++)
      for (let t = 0; t < 4; t++) {
        const got = Array.from(rows!.subarray((b * 4 + t) * 3, (b * 4 + t + 1) * 3));
        expect(got).toEqual(t < 2 ? Array.from(r0.subarray((b * 2 + t) * 3, (b * 2 + t + 1) * 3)) : [1, 1, 1]);
      }
    // micro 1 is already 4 long: its masks are copied as drawn.
    expect(rows!.subarray(2 * 4 * 3)).toEqual(own(0, 2 * 4 * 3, 1));
    expect(probs!.subarray(2 * 2 * 4 * 4)).toEqual(own(1, 2 * 2 * 4 * 4, 1));
    // micro 0's [b, h, i, j] at seq 2 lands at the same (b, h, i, j) of the 4 × 4 layout.
    const p0 = own(1, 2 * 2 * 2 * 2, 0);
    expect(probs![((1 * 2 + 1) * 4 + 1) * 4 + 0]).toBe(p0[((1 * 2 + 1) * 2 + 1) * 2 + 0]);
    expect(probs![((1 * 2 + 1) * 4 + 3) * 4 + 3]).toBe(1);
  });
});
