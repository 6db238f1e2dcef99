import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Argv } from 'yargs';
import { BertfitError } from '@bertfit/config';
import type { Output } from '../output.js';

export function reportCommand(io: Output) {
  return {
    command: 'report <run>',
    describe: 'write curves (SVG + PNG) and summary.md into <run>/report from its logs/metrics.jsonl',
    builder: (y: Argv) => y.positional('run', { type: 'string', demandOption: true, describe: 'a run directory (<outputDir>/<name>)' }),
    handler: async (args: { run: string }) => {
      const runDir = resolve(args.run);
      if (!existsSync(resolve(runDir, 'logs', 'metrics.jsonl'))) {
        throw new BertfitError(`report: ${runDir} has no logs/metrics.jsonl; is it a bertfit run directory?`);
      }
      const { writeReport } = await import('@bertfit/train');
      const paths = await writeReport(runDir, { onWarning: (w) => io.err(w) });
      io.out(`report: ${paths.summary}`);
      for (const c of paths.charts) io.out(`  ${c.name}: ${c.svg}, ${c.png}`);
    },
  };
}
