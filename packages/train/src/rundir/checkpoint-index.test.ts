import { describe, it, expect, beforeEach, afterEach } from '@jest/globals';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeCheckpoint } from './checkpoint-writer.js';
import { latestCheckpoint, listCheckpoints, rotateCheckpoints, scanCheckpoints } from './checkpoint-index.js';
import { checkpointDir } from './checkpoint-name.js';

let runDir: string;
let warnings: string[];
const collect = () => ({ onWarning: (m: string) => void warnings.push(m) });
beforeEach(async () => {
  runDir = await mkdtemp(join(tmpdir(), 'bertfit-index-'));
  warnings = [];
});
afterEach(async () => {
  await rm(runDir, { recursive: true, force: true });
});

async function save(...steps: number[]): Promise<void> {
  for (const step of steps) await writeCheckpoint(runDir, step, async (_dir, files) => files.write('model.safetensors', `w${step}`));
}
const ckpt = (step: number) => checkpointDir(runDir, step);
const steps = async () => (await listCheckpoints(runDir, collect())).map((c) => c.step);

describe('listing checkpoints', () => {
  it('sorts by numeric step, not by name (checkpoint-1000 after checkpoint-250)', async () => {
    await save(1000, 250, 50, 9);
    expect(await steps()).toEqual([9, 50, 250, 1000]);
    expect((await latestCheckpoint(runDir, collect()))?.dir).toBe(ckpt(1000));
  });

  it('ignores folders without a marker, with a damaged file or a marker of another step, and says why', async () => {
    await save(100, 200, 300);
    await mkdir(ckpt(400));
    await writeFile(join(ckpt(400), 'model.safetensors'), 'x');
    await writeFile(join(ckpt(200), 'model.safetensors'), 'truncated!');
    await mkdir(ckpt(500));
    await writeFile(join(ckpt(500), '.complete'), JSON.stringify({ format: 'bertfit-checkpoint/1', step: 5, files: [] }));
    await mkdir(join(runDir, 'checkpoint-final'));
    const scan = await scanCheckpoints(runDir, collect());
    expect(scan.complete.map((c) => c.step)).toEqual([100, 300]);
    expect(scan.ignored.map((i) => i.reason).sort()).toEqual([
      '.complete names step 5, the folder step 500',
      'model.safetensors has 10 bytes, the marker says 4',
      'no .complete marker (an interrupted or foreign write)',
    ]);
    expect(warnings).toContain(`ignoring ${ckpt(400)}: no .complete marker (an interrupted or foreign write)`);
    expect((await latestCheckpoint(runDir, collect()))?.step).toBe(300);
  });

  it('returns null for a run dir without checkpoints, and fails clearly for a missing run dir', async () => {
    expect(await latestCheckpoint(runDir, collect())).toBeNull();
    await expect(listCheckpoints(join(runDir, 'nope'))).rejects.toThrow(`cannot list run dir ${join(runDir, 'nope')}: ENOENT`);
  });

  it('a marker that is not JSON is reported', async () => {
    await mkdir(ckpt(7));
    await writeFile(join(ckpt(7), '.complete'), '{"format":');
    const scan = await scanCheckpoints(runDir, collect());
    expect(scan.ignored[0]?.reason).toMatch(/^\.complete is not valid JSON: /);
  });
});

describe('checkpoint markers', () => {
  it('a marker with a bad field is reported naming the field and its value', async () => {
    await save(7);
    const marker = join(ckpt(7), '.complete');
    const manifest = JSON.parse(await readFile(marker, 'utf8')) as { files: { bytes: unknown }[] };
    manifest.files[0]!.bytes = '4';
    await writeFile(marker, JSON.stringify(manifest));
    const scan = await scanCheckpoints(runDir, collect());
    expect(scan.ignored.map((i) => i.reason)).toEqual(['.complete: field files.0.bytes must be a non-negative integer, got "4"']);
    expect(warnings).toEqual([`ignoring ${ckpt(7)}: .complete: field files.0.bytes must be a non-negative integer, got "4"`]);
  });
});

describe('rotateCheckpoints', () => {
  it('keeps the newest saveTotalLimit checkpoints by numeric step', async () => {
    await save(250, 500, 750, 1000);
    const result = await rotateCheckpoints(runDir, { saveTotalLimit: 2, keep: null });
    expect(result.deleted).toEqual([ckpt(250), ckpt(500)]);
    expect(await steps()).toEqual([750, 1000]);
    expect((await readdir(runDir)).sort()).toEqual(['checkpoint-1000', 'checkpoint-750']);
  });

  it('never deletes the best, even when saveEvery and evalEvery differ and it is the oldest (HF trap)', async () => {
    await save(100, 200, 300, 400);
    await rotateCheckpoints(runDir, { saveTotalLimit: 2, keep: ckpt(100) });
    expect(await steps()).toEqual([100, 400]);
  });

  it('with limit 1 and a best older than the newest, keeps both', async () => {
    await save(100, 200, 300);
    await rotateCheckpoints(runDir, { saveTotalLimit: 1, keep: ckpt(200) });
    expect(await steps()).toEqual([200, 300]);
  });

  it('a best that is the newest counts once', async () => {
    await save(100, 200, 300);
    await rotateCheckpoints(runDir, { saveTotalLimit: 2, keep: ckpt(300) });
    expect(await steps()).toEqual([200, 300]);
  });

  it('a null limit keeps everything; ignored folders are left alone', async () => {
    await save(1, 2, 3);
    await mkdir(ckpt(0));
    expect((await rotateCheckpoints(runDir, { saveTotalLimit: null, ...collect() })).deleted).toEqual([]);
    await rotateCheckpoints(runDir, { saveTotalLimit: 1, ...collect() });
    expect((await readdir(runDir)).sort()).toEqual(['checkpoint-0', 'checkpoint-3']);
  });

  it('rejects a limit of 0 or a fraction', async () => {
    await expect(rotateCheckpoints(runDir, { saveTotalLimit: 0 })).rejects.toThrow('rotateCheckpoints: saveTotalLimit must be null or an integer >= 1, got 0');
    await expect(rotateCheckpoints(runDir, { saveTotalLimit: 1.5 })).rejects.toThrow('got 1.5');
  });
});
