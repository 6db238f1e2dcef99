/** One moment of training as the progress display sees it. */
export interface ProgressSnapshot {
  step: number;
  totalSteps: number;
  epoch: number;
  /** Latest logged training loss, null before the first log. */
  loss: number | null;
  lr: number;
  samplesPerSecond: number;
  /** Seconds since this process started training (a resumed run counts from its own start). */
  elapsedS: number;
  /** Steps done when this process started (the resumed step), so the ETA uses this process's speed. */
  startStep?: number;
}

/** `mm:ss`, or `h:mm:ss` from an hour on; `--:--` for unknown or infinite. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '--:--';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s % 60)}` : `${pad(m)}:${pad(s % 60)}`;
}

/** Remaining seconds at this process's average speed; Infinity until a step has been done. */
export function etaSeconds(p: ProgressSnapshot): number {
  const done = p.step - (p.startStep ?? 0);
  if (done <= 0 || p.elapsedS <= 0) return Number.POSITIVE_INFINITY;
  return ((p.totalSteps - p.step) * p.elapsedS) / done;
}

function stats(p: ProgressSnapshot): string {
  const loss = p.loss === null ? '-' : p.loss.toFixed(4);
  return `loss ${loss} | lr ${p.lr.toExponential(2)} | ${p.samplesPerSecond.toFixed(1)} samples/s`;
}

/** One redrawable TTY line: `[#####-----]  50/100  50% | epoch 0.50 | loss … | lr … | … samples/s | 00:10<00:10`. */
export function formatBar(p: ProgressSnapshot, barWidth = 24): string {
  const frac = p.totalSteps > 0 ? Math.min(1, Math.max(0, p.step / p.totalSteps)) : 0;
  const filled = Math.round(frac * barWidth);
  const bar = `[${'#'.repeat(filled)}${'-'.repeat(barWidth - filled)}]`;
  const count = `${String(p.step).padStart(String(p.totalSteps).length)}/${p.totalSteps}`;
  const pct = `${Math.floor(frac * 100)}%`.padStart(4);
  return `${bar} ${count} ${pct} | epoch ${p.epoch.toFixed(2)} | ${stats(p)} | ${formatDuration(p.elapsedS)}<${formatDuration(etaSeconds(p))}`;
}

/** One plain line for logs without a terminal (CI, SLURM): greppable `key value` pairs. */
export function formatPlainLine(p: ProgressSnapshot): string {
  const pct = p.totalSteps > 0 ? ((100 * p.step) / p.totalSteps).toFixed(1) : '0.0';
  return `step ${p.step}/${p.totalSteps} (${pct}%) | epoch ${p.epoch.toFixed(2)} | ${stats(p)} | elapsed ${formatDuration(p.elapsedS)} | eta ${formatDuration(etaSeconds(p))}`;
}

/** The subset of a writable stream the reporter needs; `isTTY` decides between bar and plain lines. */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressOptions {
  stream?: ProgressStream;
  /** Minimum time between redraws of the bar (ms). */
  redrawMs?: number;
  /** Minimum time between plain lines (ms); the first and the last step always print. */
  plainEveryMs?: number;
  now?: () => number;
}

/**
 * Shows training progress: a bar redrawn in place on a TTY, or throttled plain lines otherwise.
 * `log()` prints a line (an eval result, a checkpoint) without breaking the bar.
 */
export class ProgressReporter {
  private readonly stream: ProgressStream;
  private readonly tty: boolean;
  private readonly redrawMs: number;
  private readonly plainEveryMs: number;
  private readonly now: () => number;
  private lastDraw = Number.NEGATIVE_INFINITY;
  private barShown: string | null = null;

  constructor(options: ProgressOptions = {}) {
    this.stream = options.stream ?? process.stderr;
    this.tty = this.stream.isTTY === true;
    this.redrawMs = options.redrawMs ?? 200;
    this.plainEveryMs = options.plainEveryMs ?? 30_000;
    this.now = options.now ?? Date.now;
  }

  update(p: ProgressSnapshot): void {
    const t = this.now();
    const edge = p.step === p.totalSteps || p.step === (p.startStep ?? 0) + 1;
    if (!edge && t - this.lastDraw < (this.tty ? this.redrawMs : this.plainEveryMs)) return;
    this.lastDraw = t;
    if (this.tty) {
      const width = this.stream.columns ?? 120;
      this.barShown = formatBar(p).slice(0, Math.max(20, width - 1));
      this.stream.write(`\r${this.barShown}\x1b[K`);
    } else {
      this.stream.write(`${formatPlainLine(p)}\n`);
    }
  }

  log(line: string): void {
    if (this.tty && this.barShown !== null) {
      this.stream.write(`\r\x1b[K${line}\n${this.barShown}`);
    } else {
      this.stream.write(`${line}\n`);
    }
  }

  /** Leaves the bar's last state on its own line. */
  finish(): void {
    if (this.tty && this.barShown !== null) this.stream.write('\n');
    this.barShown = null;
  }
}
