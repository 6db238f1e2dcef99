import yargs from 'yargs';
import { configCommand } from './commands/config.js';
import { doctorCommand } from './commands/doctor.js';
import { exportCommand } from './commands/export.js';
import { inferCommand } from './commands/infer.js';
import { autoCommand, sweepCommand } from './commands/orchestrate.js';
import { reportCommand } from './commands/report.js';
import { trainCommand } from './commands/train.js';
import { processOutput, type Output } from './output.js';
import { UsageError } from './usage-error.js';
import { cliVersion } from './version.js';

/**
 * Whether a cause says something its error does not: not when the error's message already quotes it
 * (`cannot read X: ENOENT …`), nor for a zod error, whose issues the config error lists one per line
 * (its own message is their raw JSON).
 */
function addsInformation(cause: unknown, shown: readonly string[]): boolean {
  // A process result or other object says nothing readable ("[object Object]").
  if (!(cause instanceof Error) && typeof cause !== 'string') return false;
  if (cause instanceof Error && /ZodError$/.test(cause.name)) return false;
  const msg = (cause instanceof Error ? cause.message : String(cause)).trim();
  return msg !== '' && !shown.some((line) => line.includes(msg));
}

/** Renders an error and the causes that add to it, most specific last, the way a user can act on it. */
export function formatError(err: unknown): string {
  const shown: string[] = [];
  const lines: string[] = [];
  let e: unknown = err;
  for (let depth = 0; e !== undefined && e !== null && depth < 5; depth++) {
    const msg = e instanceof Error ? e.message : String(e);
    if (depth === 0 || addsInformation(e, shown)) lines.push(depth === 0 ? `bertfit: ${msg}` : `  caused by: ${msg}`);
    shown.push(msg);
    e = e instanceof Error ? e.cause : undefined;
  }
  return lines.join('\n');
}

/** Runs the CLI; returns the exit code (0 ok, 1 a failed command, 2 a usage error, 130/143 stopped by a signal). */
export async function main(argv: string[], io: Output = processOutput): Promise<number> {
  const cli = yargs(argv)
    .scriptName('bertfit')
    .usage('$0 <command> [options]\n\nFine-tune BERT text classifiers on onnxruntime, and run them at scale on SLURM.')
    .command(configCommand(io))
    .command(trainCommand(io))
    .command(inferCommand(io))
    .command(exportCommand(io))
    .command(autoCommand(io))
    .command(sweepCommand(io))
    .command(reportCommand(io))
    .command(doctorCommand(io))
    .demandCommand(1, 'name a command: train, infer, export, auto, sweep, report, config or doctor')
    .recommendCommands()
    .strict()
    .help()
    .version(cliVersion())
    .alias('v', 'version')
    .wrap(Math.min(110, process.stdout.columns ?? 110))
    .exitProcess(false)
    .fail((msg, err) => {
      // Throwing stops yargs from running the handler after a failed validation.
      throw err ?? new UsageError(msg.startsWith('Did you mean') ? `unknown command "${argv[0]}". ${msg}` : msg);
    });
  try {
    await cli.parseAsync(argv, {}, (_err, _argv, output) => {
      if (output) io.out(output);
    });
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`bertfit: ${err.message}\nRun \`bertfit --help\` (or \`bertfit <command> --help\`) for usage.`);
      return 2;
    }
    io.err(formatError(err));
    return 1;
  }
  return io.exitCode ?? 0;
}
