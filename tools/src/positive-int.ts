// Count options (--batch-size, --threads, --workers): yargs' `type: 'number'` turns "abc" into NaN, which
// then fails far from the command line; this coerce names the option and the value instead.
import { BertfitError } from '@bertfit/core';

/** A yargs `coerce` for `flag`: a positive integer, or an error naming the flag and what was given. */
export function positiveInt(flag: string): (value: unknown) => number {
  return (value) => {
    if (typeof value === 'number' ? Number.isInteger(value) && value > 0 : typeof value === 'string' && /^\s*[1-9]\d*\s*$/.test(value)) {
      return Number(value);
    }
    throw new BertfitError(`${flag} must be a positive integer, got ${typeof value === 'string' ? JSON.stringify(value) : String(value)}`);
  };
}
