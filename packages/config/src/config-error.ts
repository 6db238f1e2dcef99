import { BertfitError } from '@bertfit/core';

/** A config problem, located by its dotted path (`train.learningRate`) and, when it came from one, its file. */
export class ConfigError extends BertfitError {
  readonly path: string;
  readonly value: unknown;

  constructor(message: string, opts: { path?: string; value?: unknown; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.path = opts.path ?? '';
    this.value = opts.value;
  }
}

/** Renders a value for an error message: JSON, shortened. */
export function show(value: unknown): string {
  let text: string;
  try {
    // JSON.stringify writes Infinity and NaN (what `1e400` in a file parses to) as null.
    text = value === undefined || (typeof value === 'number' && !Number.isFinite(value)) ? String(value) : JSON.stringify(value);
  } catch {
    text = String(value);
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
