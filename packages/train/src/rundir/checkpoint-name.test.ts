import { describe, it, expect } from '@jest/globals';
import { join } from 'node:path';
import { checkpointDir, checkpointDirName, checkpointStep } from './checkpoint-name.js';

describe('checkpoint folder names', () => {
  it("names a step HF's way and parses the name back", () => {
    expect(checkpointDirName(250)).toBe('checkpoint-250');
    expect(checkpointDir('/runs/demo', 0)).toBe(join('/runs/demo', 'checkpoint-0'));
    for (const step of [0, 7, 1000, 2 ** 40]) expect(checkpointStep(checkpointDirName(step))).toBe(step);
  });

  it('returns null for any other name', () => {
    for (const name of [
      'checkpoint-',
      'checkpoint-1a',
      'checkpoint--1',
      'checkpoint-1.5',
      'best',
      '.tmp-checkpoint-5-123',
      'x/checkpoint-5',
      'Checkpoint-5',
      'checkpoint-99999999999999999999',
    ]) {
      expect(checkpointStep(name)).toBeNull();
    }
  });
});
