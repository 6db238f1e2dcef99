// A one-line progress bar for a TTY (stderr); silent elsewhere so logs and pipes stay clean.
export interface Progress {
  update(done: number, total: number): void;
  finish(): void;
}

export function progressBar(stream: NodeJS.WriteStream = process.stderr, label = 'infer'): Progress {
  if (!stream.isTTY) return { update: () => {}, finish: () => {} };
  const start = Date.now();
  let last = 0;
  let drawn = false;
  return {
    update(done, total) {
      const now = Date.now();
      if (done < total && now - last < 100) return;
      last = now;
      const width = 30;
      const filled = Math.round((done / Math.max(1, total)) * width);
      const rate = done / Math.max(1e-3, (now - start) / 1000);
      stream.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${rate.toFixed(1)}/s`);
      drawn = true;
    },
    finish() {
      if (drawn) stream.write('\n');
    },
  };
}
