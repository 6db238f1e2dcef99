import { describe, expect, it } from '@jest/globals';
import { padBatch } from './pad-batch.js';

describe('padBatch', () => {
  const ids = [[5, 6], [7, 8, 9], [4]];

  it('pads the chosen rows to their longest, with masks and type ids', () => {
    const b = padBatch(ids, [1, 2], { padTokenId: 3, typeIds: [[0, 0], [0, 1, 1], [1]] });
    expect(b).toMatchObject({ size: 2, seqLen: 3 });
    expect([...b.inputIds]).toEqual([7, 8, 9, 4, 3, 3]);
    expect([...b.attentionMask]).toEqual([1, 1, 1, 1, 0, 0]);
    expect([...b.tokenTypeIds]).toEqual([0, 1, 1, 1, 0, 0]);
  });

  it('leaves labels out, and type ids 0 unless given', () => {
    const b = padBatch(ids, [0]);
    expect(b.labels).toBeUndefined();
    expect([...b.tokenTypeIds]).toEqual([0, 0]);
  });

  it('names a row outside the list', () => {
    expect(() => padBatch(ids, [0, 3])).toThrow('padBatch: row 3 is outside the 3 encoded rows');
  });
});
