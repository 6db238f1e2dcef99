import { describe, expect, it } from '@jest/globals';
import { BertfitError, errorMessage } from './errors.js';

class SubError extends BertfitError {}

describe('BertfitError', () => {
  it('keeps the cause and names itself after the subclass', () => {
    const cause = new Error('ENOSPC');
    const err = new SubError('writing x failed', { cause });
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe('SubError');
    expect(err.message).toBe('writing x failed');
    expect(err.cause).toBe(cause);
    expect(new BertfitError('no cause').cause).toBeUndefined();
  });
});

describe('errorMessage', () => {
  it("is an error's message, also for errors of another realm, and the string form of other throws", () => {
    expect(errorMessage(new Error('boom'))).toBe('boom');
    expect(errorMessage({ message: 'from a worker' })).toBe('from a worker');
    expect(errorMessage('plain')).toBe('plain');
    expect(errorMessage(null)).toBe('null');
    expect(errorMessage({ message: 42 })).toBe('[object Object]');
  });
});
