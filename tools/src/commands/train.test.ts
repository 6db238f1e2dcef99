import { describe, expect, it } from '@jest/globals';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../main.js';

async function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

// The tiny demo model of the train package's tests: a few optimizer steps of 32 rows, one thread.
const TINY = [
  'model.architecture.numHiddenLayers=1',
  'model.architecture.hiddenSize=32',
  'model.architecture.numAttentionHeads=2',
  'model.architecture.intermediateSize=64',
  'train.perDeviceBatchSize=32',
  'train.threads=1',
  'train.maxSteps=4',
  'train.evalEvery=2',
  'train.saveEvery=2',
  'train.warmupSteps=0',
];
const sets = (list: string[]) => list.flatMap((s) => ['--set', s]);
const tiny = (dir: string, ...more: string[]) => ['--preset', 'demo', ...sets([...TINY, `outputDir=${join(dir, 'runs')}`, ...more])];

describe('bertfit train --resume', () => {
  it("from a checkpoint folder without --config uses the run's own config; a changed key is named", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bertfit-cli-train-'));
    const first = await run(['train', ...tiny(dir)]);
    expect(first.code).toBe(0);
    const runDir = join(dir, 'runs', 'demo');
    expect(first.out).toContain(`run completed (max_steps) at step 4`);
    const ckpt = join(runDir, 'checkpoint-2');

    const resumed = await run(['train', '--resume', ckpt]);
    expect(resumed.code).toBe(0);
    expect(resumed.err).toContain(`resume: using the run's own config ${join(runDir, 'run-config.json')}`);
    expect(resumed.err).toContain(`resuming from ${ckpt} at step 2`);
    expect(resumed.out).toContain('run completed (max_steps) at step 4');

    const changed = await run(['train', '--resume', join(runDir, 'checkpoint-4'), '--set', 'train.learningRate=0.1']);
    expect(changed.code).toBe(1);
    // the last line: before it come the run's capability lines
    expect(changed.err.split('\n').at(-1)).toBe(
      `bertfit: cannot resume ${runDir}: this config differs from its run-config.json in train.learningRate (run 0.0005, now 0.1); ` +
        "resume with the run's own settings (`bertfit train --resume <checkpoint>` with no --config or --set) or start a new run name",
    );
  }, 120_000);

  it('auto starts a run that does not exist, and resumes it once it has a checkpoint', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bertfit-cli-train-'));
    const fresh = await run(['train', '--resume', 'auto', ...tiny(dir, 'train.maxSteps=2')]);
    expect(fresh.code).toBe(0);
    expect(fresh.err).toContain(`--resume auto: ${join(dir, 'runs', 'demo')} does not exist yet; starting the run fresh`);
    const again = await run(['train', '--resume', 'auto', ...tiny(dir, 'train.maxSteps=2')]);
    expect(again.code).toBe(0);
    expect(again.err).toContain(`resuming from ${join(dir, 'runs', 'demo', 'checkpoint-2')} at step 2`);
  }, 120_000);

  it('--resume without a value is a usage error', async () => {
    const r = await run(['train', '--preset', 'demo', '--resume']);
    expect(r.code).toBe(2);
    expect(r.err).toBe('bertfit: --resume needs a value: a checkpoint folder, "latest" or "auto"\nRun `bertfit --help` (or `bertfit <command> --help`) for usage.');
    const orphan = await run(['train', '--resume', join(tmpdir(), 'nowhere', 'checkpoint-3')]);
    expect(orphan.code).toBe(2);
    expect(orphan.err).toContain("no run-config.json beside this checkpoint to take the run's config from; pass --config");
  });
});

describe('bertfit train with a config file in another folder', () => {
  it("resolves the file's relative paths (data.trainFile, outputDir) against its folder", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bertfit-cli-paths-'));
    const exp = join(dir, 'experiments', 'local');
    mkdirSync(join(exp, 'data'), { recursive: true });
    const words = [
      ['awful', 'negative'],
      ['fine', 'neutral'],
      ['great', 'positive'],
    ] as const;
    const rows = Array.from({ length: 90 }, (_, i) => `${words[i % 3]![0]} thing ${i},${words[i % 3]![1]}`);
    writeFileSync(join(exp, 'data', 'train.csv'), ['text,label', ...rows].join('\n'));
    writeFileSync(join(exp, 'config.json'), JSON.stringify({ name: 'local', outputDir: 'runs', data: { source: 'local', trainFile: 'data/train.csv' } }));
    const r = await run(['train', '--config', join(exp, 'config.json'), '--preset', 'demo', ...sets([...TINY, 'train.maxSteps=2'])]);
    expect(r.err).not.toContain('bertfit:');
    expect(r.code).toBe(0);
    expect(existsSync(join(exp, 'runs', 'local', 'checkpoint-2'))).toBe(true);
  }, 120_000);
});

describe('messages', () => {
  it('an HF name suggests its bertfit path', async () => {
    const r = await run(['config', 'print', '--set', 'train.batchSize=16']);
    expect(r.code).toBe(1);
    expect(r.err).toBe('bertfit: bad --set "train.batchSize=16": unknown config key "train.batchSize". Did you mean "train.perDeviceBatchSize"?');
  });

  it('a config error is its own lines, without the zod JSON or a cause that repeats it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bertfit-cli-msg-'));
    writeFileSync(join(dir, 'c.json'), JSON.stringify({ train: { epochs: 'ten' } }));
    const bad = await run(['config', 'print', '--config', join(dir, 'c.json')]);
    expect(bad.code).toBe(1);
    expect(bad.err).toBe(`bertfit: invalid config (config file ${join(dir, 'c.json')}):\n  - train.epochs: expected number, got string "ten"`);
    const range = await run(['config', 'print', '--set', 'train.epochs=0']);
    expect(range.err).toBe('bertfit: bad --set "train.epochs=0": train.epochs: 0 is out of range, expected a value ≥ 1');
  });
});
