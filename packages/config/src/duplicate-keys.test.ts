import { describe, expect, it } from '@jest/globals';
import { findDuplicateKey } from './duplicate-keys.js';

describe('findDuplicateKey', () => {
  it('finds a key given twice in one object, with both lines', () => {
    expect(findDuplicateKey('{"seed": 1,\n "train": {"a": 1},\n "seed": 2}')).toEqual({ key: 'seed', line: 3, firstLine: 1 });
    expect(findDuplicateKey('{"train": {\n"learningRate": 1,\n"learningRate": 2}}')).toEqual({ key: 'learningRate', line: 3, firstLine: 2 });
  });

  it('allows the same key in different objects, and strings that look like keys', () => {
    expect(findDuplicateKey('{"a": {"x": 1}, "b": {"x": 2}, "c": ["x", "x", {"x": "\\"x\\""}], "d": "a"}')).toBeNull();
    expect(findDuplicateKey('{"a\\"b": 1, "a\\\\": 2}')).toBeNull();
  });
});
