import { describe, it, expect, beforeEach, afterEach } from '@jest/globals';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bestCheckpointText, resolveBestCheckpoint, runDirOfStateDir } from './best-checkpoint-path.js';

let out: string;
let run: string;
beforeEach(async () => {
  out = await mkdtemp(join(tmpdir(), 'bertfit-bestpath-'));
  run = join(out, 'runs', 'x');
  await mkdir(join(run, 'checkpoint-250'), { recursive: true });
  await mkdir(join(run, 'checkpoint-500'));
});
afterEach(async () => {
  await rm(out, { recursive: true, force: true });
});

describe('bestCheckpointText', () => {
  it('is relative to the run dir parent, with / separators (HF output_dir/checkpoint-N text)', () => {
    expect(bestCheckpointText(run, join(run, 'checkpoint-500'))).toBe('x/checkpoint-500');
    expect(bestCheckpointText(run, join(run, 'abandoned', 't1', 'checkpoint-750'))).toBe('x/abandoned/t1/checkpoint-750');
    expect(bestCheckpointText(run, join(out, 'other', 'y', 'checkpoint-5'))).toBe('../other/y/checkpoint-5');
  });
});

describe('resolveBestCheckpoint', () => {
  const fromCkpt = () => ({ stateDir: join(run, 'checkpoint-500') });

  it('resolves what bestCheckpointText wrote, from a checkpoint folder or the run dir', async () => {
    expect(runDirOfStateDir(join(run, 'checkpoint-500'))).toBe(run);
    expect(runDirOfStateDir(run)).toBe(run);
    expect(await resolveBestCheckpoint('x/checkpoint-250', fromCkpt())).toBe(join(run, 'checkpoint-250'));
    expect(await resolveBestCheckpoint('x/checkpoint-250', { stateDir: run })).toBe(join(run, 'checkpoint-250'));
  });

  it('resolves inside the run dir it was read from after the run dir is renamed (not the old copy)', async () => {
    const copy = join(out, 'moved', 'renamed');
    await mkdir(join(copy, 'checkpoint-250'), { recursive: true });
    expect(await resolveBestCheckpoint('x/checkpoint-250', { stateDir: join(copy, 'checkpoint-500') })).toBe(join(copy, 'checkpoint-250'));
  });

  it('reads old absolute values and HF multi-segment values relative to the run dir they were read from', async () => {
    const moved = join(out, 'elsewhere', 'x');
    await mkdir(join(moved, 'checkpoint-250'), { recursive: true });
    // the old location still exists (an rsync copy): the copy's own checkpoint wins
    expect(await resolveBestCheckpoint(join(run, 'checkpoint-250'), { stateDir: join(moved, 'checkpoint-500') })).toBe(join(moved, 'checkpoint-250'));
    expect(await resolveBestCheckpoint('runs/x/checkpoint-250', { stateDir: join(moved, 'checkpoint-500') })).toBe(join(moved, 'checkpoint-250'));
    // an absolute value outside any run dir that has it is used as written
    expect(await resolveBestCheckpoint(join(run, 'checkpoint-500'), { stateDir: moved })).toBe(join(run, 'checkpoint-500'));
  });

  it('looks in the live run dir too (a state read from abandoned/<t>/), and resolves ../ values against the parent', async () => {
    const aside = join(run, 'abandoned', 't1', 'checkpoint-750');
    await mkdir(aside, { recursive: true });
    expect(await resolveBestCheckpoint('x/checkpoint-250', { stateDir: aside, runDir: run })).toBe(join(run, 'checkpoint-250'));
    expect(await resolveBestCheckpoint('x/abandoned/t1/checkpoint-750', fromCkpt())).toBe(aside);
    await mkdir(join(out, 'other', 'y', 'checkpoint-5'), { recursive: true });
    expect(await resolveBestCheckpoint(bestCheckpointText(run, join(out, 'other', 'y', 'checkpoint-5')), fromCkpt())).toBe(join(out, 'other', 'y', 'checkpoint-5'));
  });

  it('names the value, the state file and every place looked at when the folder is missing', async () => {
    await expect(resolveBestCheckpoint('x/checkpoint-100', fromCkpt())).rejects.toThrow(
      `best_model_checkpoint "x/checkpoint-100" in ${join(run, 'checkpoint-500', 'trainer_state.json')}: no such checkpoint folder ` +
        `(looked for ${join(run, 'checkpoint-100')}); it was deleted, moved aside, or the run dir was copied without it`,
    );
    await expect(resolveBestCheckpoint('', fromCkpt())).rejects.toThrow(`best_model_checkpoint "" in ${join(run, 'checkpoint-500', 'trainer_state.json')}: not a checkpoint path`);
  });
});
