// The `bertfit` process: bin/bertfit.js imports the build of this file (dist/cli.js); the repo's tests
// run it from source with `node --conditions=@bertfit/source --import tsx tools/src/cli.ts`.
import { main } from './main.js';

// `bertfit doctor | head`: the reader went away, which is the reader's choice, not a crash.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

process.exitCode = await main(process.argv.slice(2));
