import { z } from 'zod';

// Field schemas shared by the run dir's files, worded as the errors should read after "must be".

/** Steps, counters, sizes. */
export const count = z.int({ error: 'a non-negative integer' }).min(0, { error: 'a non-negative integer' });

/** Epochs (fractional mid-epoch), rates. */
export const nonNegative = z.number({ error: 'a non-negative number' }).min(0, { error: 'a non-negative number' });

/** A raw 32-bit PRNG word. */
export const uint32 = z.int({ error: 'a 32-bit unsigned integer' }).min(0, { error: 'a 32-bit unsigned integer' }).max(0xffffffff, { error: 'a 32-bit unsigned integer' });

/** Any JSON object, its keys kept. */
export const jsonObject = z.record(z.string(), z.unknown());
