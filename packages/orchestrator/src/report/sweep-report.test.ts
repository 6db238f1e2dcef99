import { describe, it, expect, afterAll } from '@jest/globals';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalExecutor } from '../local/local-executor.js';
import { toyCommands, toyConfig } from '../../test/toy.js';
import { runSweep } from '../sweep/run-sweep.js';
import { scoreChart } from './sweep-charts.js';
import { writeSweepReport } from './sweep-report.js';
import type { RunConfigLike } from '../config-types.js';

const root = mkdtempSync(join(tmpdir(), 'bertfit-sweep-report-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const FAST = { minMs: 50, maxMs: 300, factor: 1.5 };
const quiet = (): void => undefined;

async function sweep(name: string, grid: Record<string, unknown[]>) {
  process.env.TOY_STEP_MS = '10';
  const cfg = toyConfig(root, { sweep: { strategy: 'grid', grid, trials: null, maxConcurrent: 3, maxAttempts: 1, keepCheckpoints: 'bestAndLast' } } as Partial<
    RunConfigLike['orchestrator']
  >);
  return runSweep(cfg, { executor: new LocalExecutor({ maxConcurrent: 3 }), commands: toyCommands, poll: FAST, log: quiet, sweepDir: join(root, name) });
}

const PNG_SIGNATURE = '89504e470d0a1a0a';

/** Both files of a chart hold a drawing: the SVG has the marks, the PNG is a real image at the 2× scale. */
function expectChart(dir: string, name: string, mark: 'line' | 'rect'): string {
  const svg = readFileSync(join(dir, `${name}.svg`), 'utf8');
  expect(svg).toMatch(new RegExp(`^<svg[\\s\\S]*mark-${mark}[\\s\\S]*</svg>$`));
  const png = readFileSync(join(dir, `${name}.png`));
  expect(png.subarray(0, 8).toString('hex')).toBe(PNG_SIGNATURE);
  // IHDR: width and height, big-endian, at bytes 16 and 20; the charts are a few hundred px wide before the 2× zoom.
  expect([png.readUInt32BE(16), png.readUInt32BE(20)].every((px) => px >= 200)).toBe(true);
  expect(statSync(join(dir, `${name}.png`)).size).toBeGreaterThan(5000);
  return svg;
}

describe('sweep report', () => {
  it('a 1-axis numeric grid: score by value as a line, every trial curve overlaid, summary with leaderboard and test', async () => {
    const s = await sweep('one-axis', { 'train.learningRate': [1e-5, 2e-5, 3e-5] });
    const dir = join(s.sweepDir, 'report');
    const score = expectChart(dir, 'sweep-score', 'line');
    expect(score).toContain('Best validation f1_macro by learningRate');
    const curves = expectChart(dir, 'sweep-curves', 'line');
    for (const label of ['#0 learningRate=0.00001', '#1 learningRate=0.00002', '#2 learningRate=0.00003']) expect(curves).toContain(label);
    // The toy peaks at round(lr·1e5) checkpoints: lr 3e-5 reaches 0.75 on validation, its test is 0.74.
    expect(s.test).toMatchObject({ accuracy: 0.74, n: 100 });
    const md = readFileSync(s.files.report, 'utf8');
    const expected = [
      '3 of 3 trials completed',
      '**Best:** trial 2 (learningRate=0.00003), validation f1_macro 0.7500.',
      "**Test split** (the best trial's best checkpoint, scored once): accuracy 0.7400, f1_macro 0.7200, n 100.",
      '| 1 | 2 | 0.00003 | 0.7500 | completed | 1 | 0 |',
      '**Baseline** on the same test split, a bag-of-words logistic regression (',
      '![Best validation f1_macro by learningRate](sweep-score.png)',
      '![Validation f1_macro of every trial](sweep-curves.png)',
    ];
    for (const line of expected) expect(md).toContain(line);
  });

  it('a 2-axis grid: a heat map with each cell labelled; `report` regenerates the same files from disk', async () => {
    const s = await sweep('two-axis', { 'train.learningRate': [1e-5, 3e-5], 'train.warmupSteps': [0, 5] });
    const dir = join(s.sweepDir, 'report');
    const heat = expectChart(dir, 'sweep-score', 'rect');
    for (const cell of ['0.650', '0.750']) expect(heat).toContain(cell);
    expectChart(dir, 'sweep-curves', 'line');
    rmSync(dir, { recursive: true });
    const again = await writeSweepReport(s.sweepDir);
    expect(again.charts.map((c) => c.name)).toEqual(['sweep-score', 'sweep-curves']);
    expect(again.test).toMatchObject({ accuracy: 0.74 });
    expectChart(dir, 'sweep-score', 'rect');
  });

  it('a categorical axis becomes a one-row heat map; a folder without a finished sweep is an error naming the file', async () => {
    const rows = ['a', 'b'].map((v, i) => ({
      rank: i + 1,
      index: i,
      name: v,
      overrides: { 'data.textColumn': v },
      state: 'completed' as const,
      value: 0.5 + i / 10,
      metrics: null,
      attempts: 1,
      requeues: 0,
      error: null,
    }));
    const chart = scoreChart(rows, 'f1_macro');
    expect(JSON.stringify(chart?.spec)).toContain('"type":"rect"');
    expect(scoreChart([], 'f1_macro')).toBeNull();
    const empty = join(root, 'unfinished');
    mkdirSync(empty);
    await expect(writeSweepReport(empty)).rejects.toThrow(
      `sweep report: ${join(empty, 'leaderboard.json')} does not exist; the sweep has not finished (run the same sweep command again to resume it)`,
    );
  });
});
