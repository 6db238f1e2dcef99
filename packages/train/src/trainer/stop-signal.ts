/** Why the loop is asked to stop; null while it may go on. */
export type StopSignalName = 'SIGINT' | 'SIGTERM' | null;

/** A flag the loop polls between steps: save a checkpoint, then return cleanly. */
export interface StopSignal {
  readonly requested: boolean;
  readonly reason: StopSignalName;
  /** Removes the handlers (the loop calls it when training ends). */
  dispose(): void;
}

/** The slice of `process` used, so tests can hand in an emitter and an exit of their own. */
export interface SignalSource {
  on(event: 'SIGINT' | 'SIGTERM', listener: () => void): unknown;
  off(event: 'SIGINT' | 'SIGTERM', listener: () => void): unknown;
}

export interface StopSignalOptions {
  source?: SignalSource;
  /** Called once, on the first signal (e.g. to print "stopping after this step…"). */
  onFirst?: (reason: Exclude<StopSignalName, null>) => void;
  /** Called on a second SIGINT: leave at once. Default: process.exit(130), the shell's code for SIGINT. */
  exitNow?: () => void;
}

/**
 * SIGINT or SIGTERM (SLURM sends SIGTERM before killing a job at its time limit) sets the flag; a
 * second SIGINT exits immediately, for a user who does not want to wait for the checkpoint.
 */
export function installStopSignal(options: StopSignalOptions = {}): StopSignal {
  const source = options.source ?? process;
  const exitNow = options.exitNow ?? (() => process.exit(130));
  let reason: StopSignalName = null;
  const handler = (sig: 'SIGINT' | 'SIGTERM') => () => {
    if (reason !== null) {
      if (sig === 'SIGINT') exitNow();
      return;
    }
    reason = sig;
    options.onFirst?.(sig);
  };
  const onInt = handler('SIGINT');
  const onTerm = handler('SIGTERM');
  source.on('SIGINT', onInt);
  source.on('SIGTERM', onTerm);
  return {
    get requested() {
      return reason !== null;
    },
    get reason() {
      return reason;
    },
    dispose() {
      source.off('SIGINT', onInt);
      source.off('SIGTERM', onTerm);
    },
  };
}
