import { describe, expect, it } from '@jest/globals';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { resolveConfig } from '@bertfit/config';
import { PRECISIONS } from '@bertfit/infer';
import { main } from './main.js';

const TOOLS = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(TOOLS, 'bin', 'bertfit.js');
const noColor = { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' };

/** Runs the bin under plain node with a loader hook that lists every module URL it loads. */
function binLoads(args: string[]): { out: string; loaded: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'bertfit-bin-'));
  const log = join(dir, 'loaded.txt');
  writeFileSync(log, '');
  writeFileSync(
    join(dir, 'hooks.mjs'),
    `import { appendFileSync } from 'node:fs';
export async function load(url, context, next) { appendFileSync(${JSON.stringify(log)}, url + '\\n'); return next(url, context); }\n`,
  );
  writeFileSync(join(dir, 'register.mjs'), `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(join(dir, 'hooks.mjs')).href)});\n`);
  const out = execFileSync(process.execPath, ['--import', pathToFileURL(join(dir, 'register.mjs')).href, BIN, ...args], { encoding: 'utf8', env: noColor });
  return { out, loaded: readFileSync(log, 'utf8').split('\n').filter(Boolean) };
}

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
    const typo = await run(['trian']);
    expect(typo.code).toBe(2);
    expect(typo.err).toContain('bertfit: unknown command "trian". Did you mean train?');
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
      const row = (index: number, lr: number, value: number) => ({
        rank: index + 1,
        index,
        name: `t${index}`,
        overrides: { 'train.learningRate': lr },
        state: 'completed',
        value,
        metrics: { f1_macro: value },
        attempts: 1,
        requeues: 0,
        error: null,
      });
      writeFileSync(join(dir, 'leaderboard.json'), JSON.stringify({ metric: 'f1_macro', rows: [row(0, 5e-4, 0.83), row(1, 2e-3, 0.53)] }));
      const r = await run(['report', dir]);
      expect(r.code).toBe(0);
      expect(r.out.split('\n')).toEqual([
        `report: ${join(dir, 'report', 'summary.md')}`,
        `  sweep-score: ${join(dir, 'report', 'sweep-score.svg')}, ${join(dir, 'report', 'sweep-score.png')}`,
      ]);
      expect(readFileSync(join(dir, 'report', 'summary.md'), 'utf8')).toContain('**Best:** trial 0 (learningRate=0.0005), validation f1_macro 0.8300.');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--version and -v print the package version', async () => {
    const version = (JSON.parse(readFileSync(join(TOOLS, 'package.json'), 'utf8')) as { version: string }).version;
    expect((await run(['--version'])).out).toBe(version);
    expect((await run(['-v'])).out).toBe(version);
  });

  it("infer --precision offers exactly @bertfit/infer's PRECISIONS", async () => {
    const r = await run(['infer', '--help']);
    expect(r.out).toContain(`[choices: ${PRECISIONS.map((p) => `"${p}"`).join(', ')}]`);
  });

  it('the installed bin runs the build: --help loads no TypeScript, tsx or typescript, nor the heavy runtimes', () => {
    const { out, loaded } = binLoads(['--help']);
    expect(out).toContain('bertfit <command> [options]');
    expect(loaded).toContain(pathToFileURL(join(TOOLS, 'dist', 'cli.js')).href);
    const sources = loaded.filter((url) => /\.[cm]?ts$|\/node_modules\/(tsx|typescript)\/|^file:.*\/(packages\/[^/]+|tools)\/src\//.test(url));
    expect(sources).toEqual([]);
    // Commands import @bertfit/train, infer and orchestrator in their handlers, so help starts at once.
    expect(loaded.filter((url) => /\/node_modules\/(onnxruntime-node|@huggingface\/transformers|vega)\//.test(url))).toEqual([]);
  });

  it('the installed bin runs the same CLI', () => {
    const { out, loaded } = binLoads(['config', 'print', '--set', 'seed=9']);
    expect(JSON.parse(out).seed).toBe(9);
    expect(loaded).toContain(pathToFileURL(join(TOOLS, '..', 'packages', 'config', 'dist', 'index.js')).href);
    expect(execFileSync(process.execPath, [BIN, '-v'], { encoding: 'utf8', env: noColor }).trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('a reader that goes away (`bertfit config docs | head -1`) ends the command quietly, not with EPIPE', () => {
    const r = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${BIN}" config docs | head -1`], { encoding: 'utf8', env: noColor });
    expect(r.stdout.split('\n')[0]).toMatch(/^name = /);
    expect(r.stderr).not.toMatch(/EPIPE|Unhandled/);
  });
});
