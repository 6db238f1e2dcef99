/** Base class of bertfit's errors: a message that says what failed and where, and the cause kept. */
export class BertfitError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}
