// Child process for the stop-signal tests: a fake "training loop" that polls the flag each 20 ms
// step, and on a stop writes a "checkpoint" line and returns normally.
import { installStopSignal } from '../stop-signal.js';

const stop = installStopSignal({ onFirst: (r) => process.stdout.write(`stopping (${r})\n`) });
process.stdout.write('ready\n');
let step = 0;
while (!stop.requested) {
  step++;
  await new Promise((resolve) => setTimeout(resolve, 20));
}
// Saving takes a while, so a second SIGINT can arrive during it.
await new Promise((resolve) => setTimeout(resolve, 1500));
process.stdout.write(`saved checkpoint after ${step > 0 ? 'some' : 'no'} steps\n`);
stop.dispose();
