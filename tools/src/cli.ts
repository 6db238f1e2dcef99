// The `bertfit` process: bin/bertfit.js imports the build of this file (dist/cli.js); the repo's tests
// run it from source with `node --conditions=@bertfit/source --import tsx tools/src/cli.ts`.
import { main } from './main.js';

process.exitCode = await main(process.argv.slice(2));
