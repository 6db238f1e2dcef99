import { join } from 'node:path';
import { fieldChecker, isCount, readJson } from './trainer-state.js';
import { writeFileAtomic } from '@bertfit/core';

export const RNG_STATE_FILE = 'rng_state.json';

/**
 * bertfit's data-order and randomness state (`rng_state.json`), saved with every checkpoint so a
 * resumed run draws the same batches and the same dropout masks as an uninterrupted one. The loop
 * fills it; this file only defines, checks and stores it.
 */
export interface RngState {
  format: 'bertfit-rng/1';
  /** config `seed`; a resume with another seed is refused by the loop. */
  seed: number;
  /** 0-based epoch being consumed. */
  epoch: number;
  /** Micro-batches of `epoch` already consumed; the next micro-batch to run has this index. */
  batchInEpoch: number;
  /** Optimizer steps done (= trainer_state global_step). */
  globalStep: number;
  /** Dropout masks drawn so far; mask k is derived from (seed, k), so the counter alone restores them. */
  dropoutCounter: number;
  /** Raw PRNG states (32-bit words) by purpose, e.g. `shuffle`, for generators that are not counter-based. */
  generators: Record<string, number[]>;
}

export async function writeRngState(dir: string, state: RngState): Promise<void> {
  await writeFileAtomic(join(dir, RNG_STATE_FILE), `${JSON.stringify(state, null, 2)}\n`);
}

/** Reads and checks `rng_state.json`; errors name the file and the field. */
export async function readRngState(dir: string): Promise<RngState> {
  const path = join(dir, RNG_STATE_FILE);
  const raw = await readJson(path);
  const check = fieldChecker(path, raw);
  check('format', (v) => v === 'bertfit-rng/1', '"bertfit-rng/1"');
  check('seed', Number.isSafeInteger, 'an integer');
  for (const f of ['epoch', 'batchInEpoch', 'globalStep', 'dropoutCounter']) check(f, isCount, 'a non-negative integer');
  check(
    'generators',
    (v) =>
      typeof v === 'object' && v !== null && !Array.isArray(v) &&
      Object.values(v).every((words) => Array.isArray(words) && words.every((w) => Number.isInteger(w) && w >= 0 && w <= 0xffffffff)),
    'an object of 32-bit word arrays',
  );
  return raw as unknown as RngState;
}
