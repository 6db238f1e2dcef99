/** Where commands write; tests swap it to capture output without touching process.stdout. */
export interface Output {
  out(text: string): void;
  err(text: string): void;
  /** A command's own exit status when it finished without an error (e.g. 130: stopped by SIGINT). */
  exitCode?: number;
}

export const processOutput: Output = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
};
