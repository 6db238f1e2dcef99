import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { ResolvedConfig } from '@bertfit/config';
import { BertfitError } from '@bertfit/core';
import { readJsonFile } from '../rundir/read-json-file.js';
import { RUN_CONFIG_FILE } from '../rundir/run-dir.js';

/**
 * The parts of a saved run-config.json the comparison reads. Not the full config schema: a run saved by
 * an older version (a key since renamed) must still be compared key by key, not refused as invalid.
 */
const savedConfigSchema = z.looseObject({
  seed: z.unknown(),
  data: z.unknown(),
  model: z.unknown(),
  train: z.looseObject({ devices: z.union([z.literal('auto'), z.array(z.unknown())], { error: '"auto" or a list of devices' }) }),
});

/**
 * What decides the trajectory; threads and which devices may change between a run and its resume,
 * but not how many (the replicas split each global micro-batch, and resume counts those).
 */
function trajectory(c: ResolvedConfig | z.output<typeof savedConfigSchema>) {
  const { threads: _threads, devices, ...train } = c.train;
  const replicas = devices === 'auto' ? devices : `${devices.length} device${devices.length === 1 ? '' : 's'}`;
  return { seed: c.seed, data: c.data, model: c.model, train: { ...train, devices: replicas } };
}

const isSection = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The config paths (dotted) whose values differ between two configs, with both values; arrays compare whole. */
function differingKeys(saved: unknown, now: unknown, prefix = ''): { path: string; saved: unknown; now: unknown }[] {
  if (isSection(saved) && isSection(now)) {
    const keys = [...new Set([...Object.keys(saved), ...Object.keys(now)])];
    return keys.flatMap((k) => differingKeys(saved[k], now[k], prefix ? `${prefix}.${k}` : k));
  }
  return JSON.stringify(saved) === JSON.stringify(now) ? [] : [{ path: prefix, saved, now }];
}

const show = (v: unknown) => JSON.stringify(v) ?? 'absent';

/** Refuses to resume a run with a config whose trajectory differs from its run-config.json, naming each key. */
export async function checkSameConfig(runDir: string, config: ResolvedConfig): Promise<void> {
  const file = join(runDir, RUN_CONFIG_FILE);
  if (!existsSync(file)) return;
  const diff = differingKeys(trajectory(await readJsonFile(file, savedConfigSchema)), trajectory(config));
  if (diff.length === 0) return;
  const listed = diff.map((d) => `${d.path} (run ${show(d.saved)}, now ${show(d.now)})`).join(', ');
  throw new BertfitError(
    `cannot resume ${runDir}: this config differs from its ${RUN_CONFIG_FILE} in ${listed}; ` +
      `resume with the run's own settings (\`bertfit train --resume <checkpoint>\` with no --config or --set) or start a new run name`,
  );
}
