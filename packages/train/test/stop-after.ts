import type { StopSignal } from '../src/trainer/stop-signal.js';

/**
 * A stop flag raised at the loop's `polls`-th read (it reads once per optimizer step), like a
 * SIGINT arriving during that step: the loop checkpoints it and returns.
 */
export function stopAfter(polls: number): StopSignal {
  let reads = 0;
  return {
    get requested() {
      return ++reads >= polls;
    },
    reason: 'SIGINT',
    dispose: () => {},
  };
}
