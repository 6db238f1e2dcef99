import { describe, it, expect, beforeEach, afterEach } from '@jest/globals';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { abandonNewerCheckpoints, ABANDONED_DIR } from './abandon.js';
import { latestCheckpoint, listCheckpoints } from './checkpoint-index.js';
import { writeCheckpoint } from './checkpoint-writer.js';
import { checkpointDir } from './checkpoint-name.js';

let runDir: string;
beforeEach(async () => {
  runDir = await mkdtemp(join(tmpdir(), 'bertfit-abandon-'));
});
afterEach(async () => {
  await rm(runDir, { recursive: true, force: true });
});

const quiet = { onWarning: () => {} };
async function save(...steps: number[]): Promise<void> {
  for (const step of steps) await writeCheckpoint(runDir, step, async (_dir, files) => files.write('model.safetensors', `w${step}`));
}
const steps = async (dir = runDir) => (await listCheckpoints(dir, quiet)).map((c) => c.step);
const ckpt = (step: number) => checkpointDir(runDir, step);

describe('abandonNewerCheckpoints', () => {
  it('does nothing when resuming from the latest checkpoint', async () => {
    await save(250, 500);
    expect(await abandonNewerCheckpoints(runDir, ckpt(500), 500)).toEqual({ kind: 'nothing' });
    expect(await readdir(runDir)).toEqual(['checkpoint-250', 'checkpoint-500']);
  });

  it('moves newer checkpoints, best/ and the run trainer_state aside and copies the metrics log', async () => {
    await save(250, 500, 750, 1000);
    await mkdir(join(runDir, 'best'));
    await writeFile(join(runDir, 'trainer_state.json'), '{"global_step":1000}');
    await mkdir(join(runDir, 'logs'));
    await writeFile(join(runDir, 'logs', 'metrics.jsonl'), '{"type":"eval","step":750}\n');
    const r = await abandonNewerCheckpoints(runDir, ckpt(500), 500);
    if (r.kind !== 'moved') throw new Error('expected a move');
    expect(r.dir).toMatch(new RegExp(`^${join(runDir, ABANDONED_DIR)}/\\d{4}-\\d\\d-\\d\\dT\\d\\d-\\d\\d-\\d\\d\\.\\d{3}Z$`));
    expect(r).toMatchObject({ moved: ['trainer_state.json', 'best', 'checkpoint-1000', 'checkpoint-750'], metricsLogCopied: true });
    expect(await steps()).toEqual([250, 500]);
    expect(await steps(r.dir)).toEqual([750, 1000]);
    expect((await readdir(runDir)).sort()).toEqual(['abandoned', 'checkpoint-250', 'checkpoint-500', 'logs']);
    expect(await readFile(join(r.dir, 'logs', 'metrics.jsonl'), 'utf8')).toBe('{"type":"eval","step":750}\n');
    expect(await readFile(join(r.dir, 'trainer_state.json'), 'utf8')).toBe('{"global_step":1000}');
  });

  it('moves a same-step checkpoint of another timeline when resuming from a folder outside the run dir, and incomplete newer folders', async () => {
    await save(250, 500);
    await mkdir(ckpt(600));
    const other = join(runDir, ABANDONED_DIR, 'earlier');
    await mkdir(other, { recursive: true });
    await writeCheckpoint(other, 500, async (_dir, files) => files.write('model.safetensors', 'old'));
    const r = await abandonNewerCheckpoints(runDir, join(other, 'checkpoint-500'), 500);
    expect(r).toMatchObject({ kind: 'moved', moved: ['checkpoint-600', 'checkpoint-500'], metricsLogCopied: false });
    expect(await steps()).toEqual([250]);
  });

  it('a second abandon after a crash mid-way finishes the move; the state in between is a resumable prefix', async () => {
    await save(250, 500, 750, 1000);
    // A crash after the first rename: what the function had done by then, done by hand.
    const crashed = join(runDir, ABANDONED_DIR, 'crashed');
    await mkdir(crashed, { recursive: true });
    await rename(ckpt(1000), join(crashed, 'checkpoint-1000'));
    expect((await latestCheckpoint(runDir, quiet))?.step).toBe(750); // old timeline, complete and resumable
    const r = await abandonNewerCheckpoints(runDir, ckpt(500), 500);
    expect(r).toMatchObject({ kind: 'moved', moved: ['checkpoint-750'] });
    expect(await steps()).toEqual([250, 500]);
    expect((await readdir(join(runDir, ABANDONED_DIR))).length).toBe(2);
  });

  it('names the folder when the move cannot start, and leaves the checkpoints in place', async () => {
    await save(250, 500);
    await writeFile(join(runDir, ABANDONED_DIR), 'a file where the folder goes');
    await expect(abandonNewerCheckpoints(runDir, ckpt(250), 250)).rejects.toThrow(
      `resume: cannot create ${join(runDir, ABANDONED_DIR)} to move the newer checkpoints aside: EEXIST`,
    );
    expect(await steps()).toEqual([250, 500]);
  });
});
