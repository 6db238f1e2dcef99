/** Base class of bertfit's errors: a message that says what failed and where, and the cause kept. */
export class BertfitError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** An error's message, or its string form for non-Error throws (duck-typed: errors may come from another realm). */
export function errorMessage(err: unknown): string {
  const message = (err as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : String(err);
}
