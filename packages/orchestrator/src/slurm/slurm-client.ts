import { execa } from 'execa';
import { BertfitError } from '@bertfit/core';
import { sleep } from '../jobs/poll.js';

/** A SLURM client command that failed; `stderr` and `exitCode` kept for callers that branch on them. */
export class SlurmCommandError extends BertfitError {
  constructor(
    readonly command: readonly string[],
    readonly exitCode: number | undefined,
    readonly stderr: string,
    readonly transient: boolean,
    options?: { cause?: unknown },
  ) {
    const problem = controllerProblem(stderr);
    const said = problem === null ? stderr.trim() || 'no stderr' : `${problem} (${command[0]} said: ${lastLine(stderr)})`;
    super(`${command.map((a) => JSON.stringify(a)).join(' ')} failed (exit ${exitCode ?? 'none'}): ${said}`, options);
  }
}

const lastLine = (text: string) => text.trim().split('\n').at(-1)!.trim();

/** What the client commands print when no controller can be reached, or no config names one (real texts). */
const NO_CONTROLLER = [/Unable to contact slurm controller/i, /failed to fetch config/i, /Could not establish a configuration source/i];

/**
 * The one sentence that names the cause of a client command that reaches no controller: SLURM_CONF
 * (or its absence) and `squeue`, which the user can check by hand; null for any other failure.
 */
function controllerProblem(stderr: string): string | null {
  if (!NO_CONTROLLER.some((re) => re.test(stderr))) return null;
  const conf = process.env.SLURM_CONF ? `SLURM_CONF=${process.env.SLURM_CONF}` : 'SLURM_CONF is unset';
  return `no SLURM controller is reachable from here (${conf}); run on a cluster login node, or point SLURM_CONF at the cluster's slurm.conf and check that \`squeue\` works`;
}

/** Messages that mean "the controller is away for now", worth waiting for (real texts from this machine). */
const TRANSIENT = [
  /Unable to contact slurm controller/i,
  /Socket timed out/i,
  /connect failure/i,
  /Connection refused/i,
  /Zero Bytes were transmitted/i,
  /Resource temporarily unavailable/i,
  /Slurm backup controller in standby/i,
  /Communication connection failure/i,
];

export function isTransientSlurmError(stderr: string): boolean {
  return TRANSIENT.some((re) => re.test(stderr));
}

export interface SlurmClientOptions {
  /** Keep retrying transient failures for this long before giving up (ms). */
  unavailableTimeoutMs: number;
  /** First wait between retries (ms); doubles up to 30 s. */
  retryDelayMs: number;
}

export const DEFAULT_CLIENT: SlurmClientOptions = { unavailableTimeoutMs: 15 * 60_000, retryDelayMs: 1000 };

/** Runs SLURM client commands as argument arrays (never through a shell), retrying transient failures. */
export class SlurmClient {
  constructor(
    private readonly opts: SlurmClientOptions = DEFAULT_CLIENT,
    private readonly log: (line: string) => void = () => undefined,
  ) {}

  /** Runs once; throws SlurmCommandError on a non-zero exit. */
  async once(cmd: string, args: readonly string[]): Promise<string> {
    // reject: false turns exits into results; what still throws (a missing binary) is not transient.
    const r = await execa(cmd, args, { reject: false, env: { ...process.env }, timeout: 120_000 }).catch((err: unknown) => {
      throw new SlurmCommandError([cmd, ...args], undefined, String(err), false, { cause: err });
    });
    if (r.exitCode !== 0 || r.failed) {
      const stderr = `${r.stderr}${r.stdout ? `\n${r.stdout}` : ''}`;
      const transient = r.timedOut || isTransientSlurmError(stderr);
      throw new SlurmCommandError([cmd, ...args], r.exitCode, r.timedOut ? `timed out; ${stderr}` : stderr, transient, { cause: r });
    }
    return r.stdout;
  }

  /**
   * Runs, retrying transient failures with backoff until `unavailableTimeoutMs`. `beforeRetry` may
   * return a result instead of retrying (sbatch uses it to find a job that was submitted anyway).
   */
  async run(cmd: string, args: readonly string[], beforeRetry?: () => Promise<string | null>): Promise<string> {
    const deadline = Date.now() + this.opts.unavailableTimeoutMs;
    let delay = this.opts.retryDelayMs;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.once(cmd, args);
      } catch (err) {
        if (!(err instanceof SlurmCommandError) || !err.transient || Date.now() + delay > deadline) {
          if (err instanceof SlurmCommandError && err.transient) {
            // The same failure, with the retries counted; its cause is the last attempt's process result.
            throw new SlurmCommandError(err.command, err.exitCode, `still failing after ${attempt} attempts: ${err.stderr}`, true, { cause: err.cause });
          }
          throw err;
        }
        // Said once, not at every attempt: a controller that is away stays away for minutes.
        if (attempt === 1) {
          const why = controllerProblem(err.stderr) ?? err.stderr.trim();
          this.log(`slurm: ${cmd} failed: ${why}; retrying for up to ${Math.round(this.opts.unavailableTimeoutMs / 1000)} s`);
        }
        await sleep(delay);
        delay = Math.min(delay * 2, 30_000);
        if (beforeRetry) {
          const found = await beforeRetry().catch(() => null);
          if (found !== null) return found;
        }
      }
    }
  }
}
