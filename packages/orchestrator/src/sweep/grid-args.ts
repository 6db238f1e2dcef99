import { parseConfig } from '@bertfit/config';
import type { RunConfigLike } from '../config-types.js';
import { parseGridArg } from './config-path.js';

export interface GridArgs {
  /** `--grid path=v1,v2`: together they replace the config's grid. */
  grid?: readonly string[];
  /** `--grid-add path=v1,v2`: merged into the config's grid (or into --grid's), a path given again wins. */
  gridAdd?: readonly string[];
}

/**
 * The config with the command line's grid: `--grid` replaces the config's (a preset's or file's)
 * grid, as a user who names the values to try expects; `--grid-add` merges. The result is checked
 * by the config schema (paths a trial can vary, value types), so `--grid` typos fail here.
 */
export function withGridArgs(config: RunConfigLike, args: GridArgs): RunConfigLike {
  const replace = (args.grid ?? []).length > 0;
  if (!replace && (args.gridAdd ?? []).length === 0) return config;
  const grid: Record<string, unknown> = replace ? {} : { ...config.orchestrator.sweep.grid };
  for (const g of [...(args.grid ?? []), ...(args.gridAdd ?? [])]) {
    const [path, values] = parseGridArg(g);
    grid[path] = values;
  }
  const next = { ...config, orchestrator: { ...config.orchestrator, sweep: { ...config.orchestrator.sweep, grid } } };
  const source = [...(args.grid ?? []).map((g) => `--grid ${g}`), ...(args.gridAdd ?? []).map((g) => `--grid-add ${g}`)].join(' ');
  return parseConfig(next, source);
}
