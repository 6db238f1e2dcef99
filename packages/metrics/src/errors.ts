/**
 * The one error type of @bertfit/metrics. The package stays dependency-free, so it does not extend
 * @bertfit/core's BertfitError; the message always starts with the function that failed.
 */
export class MetricsError extends Error {
  /** The public function that rejected its input, e.g. `f1Score`. */
  readonly op: string;

  constructor(op: string, message: string, options?: { cause?: unknown }) {
    super(`${op}: ${message}`, options);
    this.name = new.target.name;
    this.op = op;
  }
}
