import { afterAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveConfig } from '@bertfit/config';
import { bertfitCommands, LocalExecutor, runSweep } from '@bertfit/orchestrator';
import { main } from '../main.js';
import { checkpointStep } from '@bertfit/train';

const work = mkdtempSync(join(tmpdir(), 'bertfit-cli-sweep-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

// The CLI from its sources in a child process (its trainer writes progress to the process's stderr).
const CLI = [process.execPath, '--conditions=@bertfit/source', '--import', 'tsx', fileURLToPath(new URL('../cli.ts', import.meta.url))];

// A tiny BERT on the demo data, a few optimizer steps: real training in seconds, one thread.
const TINY = [
  'model.architecture.numHiddenLayers=1',
  'model.architecture.hiddenSize=32',
  'model.architecture.numAttentionHeads=2',
  'model.architecture.intermediateSize=64',
  'train.maxSteps=3',
  'train.evalEvery=1',
  'train.saveEvery=1',
  'train.logEvery=1',
  'train.perDeviceBatchSize=32',
  'train.threads=1',
  'train.warmupSteps=0',
];

describe('bertfit sweep', () => {
  it('--grid replaces the preset grid, --grid-add merges, --dry-run prints the plan and runs nothing', async () => {
    const out = join(work, 'dry');
    const replaced = await run(['sweep', '--preset', 'demo', '--set', `outputDir=${out}`, '--grid', 'train.warmupSteps=0,20', '--dry-run']);
    expect(replaced.code).toBe(0);
    const lines = replaced.out.split('\n');
    expect(lines[0]).toMatch(new RegExp(`^sweep plan: 2 trials \\(grid over train.warmupSteps\\), at most 2 at once, into ${out}/sweeps/demo-[0-9a-f]{10}$`));
    expect(lines.slice(1)).toEqual(['  trial 0: train.warmupSteps=0', '  trial 1: train.warmupSteps=20', 'sweep: --dry-run: nothing submitted']);
    const merged = await run(['sweep', '--preset', 'demo', '--set', `outputDir=${out}`, '--grid-add', 'train.warmupSteps=0,20', '--dry-run']);
    expect(merged.code).toBe(0);
    expect(merged.out).toContain('sweep plan: 8 trials (grid over train.learningRate, train.warmupSteps)');
    expect(merged.out).toContain('  trial 7: train.learningRate=0.002 train.warmupSteps=20');
    expect(existsSync(out)).toBe(false);
  });

  it('a bad grid value fails before anything is submitted, naming the path and the value', async () => {
    const out = join(work, 'bad');
    const r = await run(['sweep', '--preset', 'demo', '--set', `outputDir=${out}`, '--grid', 'train.learningRate=abc']);
    expect(r.code).toBe(1);
    expect(r.err.split('\n')[0]).toBe('bertfit: orchestrator.sweep.grid, trial 0 (train.learningRate=abc): train.learningRate: expected number, got string "abc"');
    expect(existsSync(out)).toBe(false);
  });

  it('best-config.json of a real sweep trains as a fresh run of its own name, without the grid', async () => {
    const outputDir = join(work, 'real');
    const config = resolveConfig({ preset: 'demo', set: [`outputDir=${outputDir}`, ...TINY, 'orchestrator.sweep.grid={"train.learningRate":[0.001,0.002]}'] });
    // The trials run `bertfit train` from the CLI's sources, like the rest of the tests.
    const commands = bertfitCommands(CLI);
    const s = await runSweep(config, { executor: new LocalExecutor({ maxConcurrent: 2 }), commands, poll: { minMs: 100, maxMs: 500, factor: 1.5 }, log: () => undefined });
    expect(s.records.map((r) => r.state)).toEqual(['completed', 'completed']);
    // keepCheckpoints "bestAndLast" with the real trainer: of checkpoints 1-3 only the best and the newest are left.
    for (const r of s.records) {
      const left = readdirSync(r.runDir!)
        .filter((f) => checkpointStep(f) !== null)
        .map((f) => join(r.runDir!, f));
      expect(new Set(left)).toEqual(new Set([r.bestCheckpoint!, join(r.runDir!, 'checkpoint-3')]));
    }
    const best = JSON.parse(readFileSync(s.files.bestConfig!, 'utf8'));
    const name = `${s.sweepDir.split('/').at(-1)}-best`;
    expect(best.name).toBe(name);
    const t = spawnSync(CLI[0]!, [...CLI.slice(1), 'train', '--config', s.files.bestConfig!], { encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' } });
    expect(t.status).toBe(0);
    expect(t.stdout).toContain(`run directory: ${join(outputDir, name)}`);
    const saved = JSON.parse(readFileSync(join(outputDir, name, 'run-config.json'), 'utf8'));
    expect(saved.train.learningRate).toBe(s.best!.overrides['train.learningRate']);
    expect(saved.orchestrator.sweep.grid).toEqual({});
    expect(readdirSync(join(outputDir, name)).filter((f) => checkpointStep(f) !== null)).toEqual(['checkpoint-1', 'checkpoint-2', 'checkpoint-3']);
  }, 240_000);
});
