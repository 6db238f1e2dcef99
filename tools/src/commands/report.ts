import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Argv } from 'yargs';
import { BertfitError } from '@bertfit/core';
import type { Output } from '../output.js';

export function reportCommand(io: Output) {
  return {
    command: 'report <dir>',
    describe:
      "write charts (SVG + PNG) and summary.md into <dir>/report: a run directory (curves from logs/metrics.jsonl) or a sweep folder (score by swept value, every trial's validation curve, leaderboard)",
    builder: (y: Argv) =>
      y.positional('dir', { type: 'string', demandOption: true, describe: 'a run directory (<outputDir>/<name>) or a sweep folder (<outputDir>/sweeps/<name>-<id>)' }),
    handler: async (args: { dir: string }) => {
      const dir = resolve(args.dir);
      const onWarning = (w: string) => io.err(w);
      let paths: { summary: string; charts: { name: string; svg: string; png: string }[] };
      // Imported here, so that `bertfit --help` loads neither onnxruntime nor vega.
      if (existsSync(resolve(dir, 'sweep.json'))) paths = await (await import('@bertfit/orchestrator')).writeSweepReport(dir, { onWarning });
      else if (existsSync(resolve(dir, 'logs', 'metrics.jsonl'))) paths = await (await import('@bertfit/train')).writeReport(dir, { onWarning });
      else throw new BertfitError(`report: ${dir} has neither logs/metrics.jsonl (a run directory) nor sweep.json (a sweep folder)`);
      io.out(`report: ${paths.summary}`);
      for (const c of paths.charts) io.out(`  ${c.name}: ${c.svg}, ${c.png}`);
    },
  };
}
