import { parseConfig } from '@bertfit/config';
import { BertfitError } from '@bertfit/core';
import type { RunConfigLike } from '../config-types.js';

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

/** Parses a CLI value: JSON when it parses (numbers, booleans, null, arrays, quoted strings), else the raw string. */
export function parseValue(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * Parses `--grid path=v1,v2,v3` (or `path=[json array]` for values that contain commas).
 * Returns the path and its candidate values.
 */
export function parseGridArg(arg: string): [string, unknown[]] {
  const eq = arg.indexOf('=');
  if (eq <= 0) throw new BertfitError(`--grid ${JSON.stringify(arg)}: expected path=value1,value2,…`);
  const path = arg.slice(0, eq).trim();
  const rest = arg.slice(eq + 1);
  if (rest.trim().startsWith('[')) {
    const parsed = parseValue(rest);
    if (!Array.isArray(parsed)) throw new BertfitError(`--grid ${JSON.stringify(arg)}: the value starts with '[' but is not a JSON array`);
    return [path, parsed];
  }
  const values = rest.split(',').map((v) => parseValue(v.trim()));
  if (rest.trim() === '') throw new BertfitError(`--grid ${JSON.stringify(arg)}: no values after '='`);
  return [path, values];
}
