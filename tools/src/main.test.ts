import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveConfig } from '@bertfit/config';
import { main } from './main.js';

async function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('bertfit CLI', () => {
  it('config print shows the resolved config', async () => {
    const r = await run(['config', 'print', '--preset', 'demo', '--set', 'train.epochs=7']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual(resolveConfig({ preset: 'demo', set: ['train.epochs=7'] }));
  });

  it('config docs lists every field with its default', async () => {
    const r = await run(['config', 'docs']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('train.warmupSteps = 500\n    optimizer steps of linear warmup');
  });

  it('a config error exits 1 with the path and a suggestion', async () => {
    const r = await run(['config', 'print', '--set', 'train.epoch=3']);
    expect(r.code).toBe(1);
    expect(r.err).toBe('bertfit: bad --set "train.epoch=3": unknown config key "train.epoch". Did you mean "train.epochs"?');
  });

  it('usage errors exit 2 and point at --help', async () => {
    const none = await run([]);
    expect(none.code).toBe(2);
    expect(none.err).toContain('name a command');
    const bogus = await run(['bogus']);
    expect(bogus.code).toBe(2);
    expect(bogus.err).toContain('Unknown argument: bogus');
    const badPreset = await run(['config', 'print', '--preset', 'fast']);
    expect(badPreset.code).toBe(2);
    expect(badPreset.err).toContain('Invalid values');
  });

  it('--help per command documents --config, --set and --preset', async () => {
    const r = await run(['config', '--help']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/--config/);
    expect(r.out).toMatch(/--set/);
    expect(r.out).toMatch(/--preset/);
  });

  it('report names a folder that is not a run directory', async () => {
    const r = await run(['report', '/nonexistent-run']);
    expect(r.code).toBe(1);
    expect(r.err).toBe('bertfit: report: /nonexistent-run has neither logs/metrics.jsonl (a run directory) nor sweep.json (a sweep folder)');
  });

  it('report on a sweep folder writes the sweep report from its leaderboard', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bertfit-cli-sweep-'));
    try {
      writeFileSync(join(dir, 'sweep.json'), '{}');
      const row = (index: number, lr: number, value: number) => ({ rank: index + 1, index, name: `t${index}`, overrides: { 'train.learningRate': lr }, state: 'completed', value, metrics: { f1_macro: value }, attempts: 1, requeues: 0, error: null });
      writeFileSync(join(dir, 'leaderboard.json'), JSON.stringify({ metric: 'f1_macro', rows: [row(0, 5e-4, 0.83), row(1, 2e-3, 0.53)] }));
      const r = await run(['report', dir]);
      expect(r.code).toBe(0);
      expect(r.out.split('\n')).toEqual([`report: ${join(dir, 'report', 'summary.md')}`, `  sweep-score: ${join(dir, 'report', 'sweep-score.svg')}, ${join(dir, 'report', 'sweep-score.png')}`]);
      expect(readFileSync(join(dir, 'report', 'summary.md'), 'utf8')).toContain('**Best:** trial 0 (learningRate=0.0005), validation f1_macro 0.8300.');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the installed bin runs the same CLI', () => {
    const bin = fileURLToPath(new URL('../bin/bertfit.js', import.meta.url));
    const out = execFileSync(process.execPath, [bin, 'config', 'print', '--set', 'seed=9'], {
      encoding: 'utf8',
      env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
    });
    expect(JSON.parse(out).seed).toBe(9);
  });
});
