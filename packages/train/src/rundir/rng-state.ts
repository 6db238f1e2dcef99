import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '@bertfit/core';
import { count, uint32 } from './json-fields.js';
import { readJsonFile } from './read-json-file.js';

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

const rngStateSchema: z.ZodType<RngState> = z.object({
  format: z.literal('bertfit-rng/1'),
  seed: z.int({ error: 'an integer' }),
  epoch: count,
  batchInEpoch: count,
  globalStep: count,
  dropoutCounter: count,
  generators: z.record(z.string(), z.array(uint32)),
});

/** Reads and checks `rng_state.json`; errors name the file, the field and its value. */
export async function readRngState(dir: string): Promise<RngState> {
  return readJsonFile(join(dir, RNG_STATE_FILE), rngStateSchema);
}
