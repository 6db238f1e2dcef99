import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MetricsLog, type EvalEvent, type MetricsEvent } from '../../rundir/metrics-log.js';
import { writeReport } from './write-report.js';
import { summaryMarkdown } from './summary.js';

let runDir: string;
afterAll(async () => {
  if (process.env.BERTFIT_KEEP_REPORT) console.log(runDir);
  else await rm(runDir, { recursive: true, force: true });
});

const labels = ['negative', 'neutral', 'positive'];
function evalAt(step: number, f1: number): EvalEvent {
  return {
    type: 'eval',
    step,
    epoch: step / 200,
    loss: 1.2 - f1,
    accuracy: f1 + 0.02,
    precision_macro: f1 + 0.01,
    recall_macro: f1 - 0.01,
    f1_macro: f1,
    f1_weighted: f1 + 0.015,
    per_class: labels.map((label, i) => ({ label, precision: f1 + i / 100, recall: f1 - i / 100, f1, support: 100 + i })),
    confusion_matrix: [
      [80, 15, 5],
      [10, 81, 10],
      [4, 14, 84],
    ],
  };
}

/** A plausible 400-step run: warmup then cosine lr, falling loss, validation peaking at step 300. */
function runEvents(): MetricsEvent[] {
  const events: MetricsEvent[] = [];
  for (const step of [1, ...Array.from({ length: 8 }, (_, i) => (i + 1) * 50)]) {
    const lr = step < 60 ? (3e-4 * step) / 60 : 3e-4 * 0.5 * (1 + Math.cos((Math.PI * (step - 60)) / 340));
    events.push({ type: 'train', step, epoch: step / 200, loss: 1.1 * Math.exp(-step / 250) + 0.3, lr, grad_norm: 1.5, samples_per_second: 180 });
    if (step % 100 === 0) events.push(evalAt(step, [0.55, 0.68, 0.73, 0.72][step / 100 - 1]!));
  }
  events.push({ type: 'end', step: 400, epoch: 2, reason: 'max_steps', wall_time_s: 142, train_samples_per_second: 180.4, best_step: 300, best_metric: 0.73 });
  return events;
}

describe('writeReport', () => {
  beforeAll(async () => {
    runDir = await mkdtemp(join(tmpdir(), 'bertfit-report-'));
    await writeFile(join(runDir, 'run-config.json'), JSON.stringify({ name: 'mini', train: { metricForBest: 'f1_macro', greaterIsBetter: true } }));
    const log = await MetricsLog.open(runDir, null);
    for (const e of runEvents()) await log.append(e);
  });

  it('writes SVG and PNG curves and summary.md', async () => {
    const paths = await writeReport(runDir);
    expect(paths.charts.map((c) => c.name)).toEqual(['loss', 'learning-rate', 'validation']);
    for (const chart of paths.charts) {
      const svg = await readFile(chart.svg, 'utf8');
      expect(svg.startsWith('<svg')).toBe(true);
      expect(svg).toContain('optimizer step');
      const png = await readFile(chart.png);
      expect([...png.subarray(1, 4)].map((b) => String.fromCharCode(b)).join('')).toBe('PNG');
      expect(png.length).toBeGreaterThan(5000);
    }
    const md = await readFile(paths.summary, 'utf8');
    expect(md).toContain('# Run mini');
    expect(md).toContain('| best step | 300 |');
    expect(md).toContain('| wall time | 02:22 |');
    expect(md).toContain('| metric | best (step 300) | final (step 400) |');
    expect(md).toContain('| f1_macro | 0.7300 | 0.7200 |');
    expect(md).toContain('| **neutral** | 10 | 81 | 10 |');
    expect(md).toContain('![Validation metrics](validation.png)');
  });
});

describe('summaryMarkdown', () => {
  it('picks the best by the selection metric, ties keeping the earlier, and lower-is-better for loss', () => {
    const events: MetricsEvent[] = [evalAt(100, 0.7), evalAt(200, 0.7), { ...evalAt(300, 0.6), loss: 0.1 }];
    const f1 = summaryMarkdown({ runName: 'x', events, selection: { metricForBest: 'f1_macro', greaterIsBetter: true }, charts: [] });
    expect(f1).toContain('| best step | 100 |');
    expect(f1).toContain('not finished');
    const loss = summaryMarkdown({ runName: 'x', events, selection: { metricForBest: 'loss', greaterIsBetter: false }, charts: [] });
    expect(loss).toContain('| best step | 300 |');
    expect(loss).toContain('| metric | best (step 300) |');
  });

  it('says so when nothing was evaluated', () => {
    const md = summaryMarkdown({ runName: 'x', events: [], selection: { metricForBest: 'f1_macro', greaterIsBetter: true }, charts: [] });
    expect(md).toContain('No evaluation was logged.');
  });
});

describe('writeReport failure paths', () => {
  it('an empty or missing log is an error naming it', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'bertfit-report-empty-'));
    try {
      await expect(writeReport(empty)).rejects.toThrow(`${join(empty, 'logs', 'metrics.jsonl')} holds no events (missing or empty); nothing to report`);
      await mkdir(join(empty, 'logs'));
      await writeFile(join(empty, 'logs', 'metrics.jsonl'), '{"type":"train","step":1,"epoch":0,"loss":1,"lr":0,"grad_norm":1,"samples_per_second":1}\n');
      await writeFile(join(empty, 'run-config.json'), '{oops');
      await expect(writeReport(empty)).rejects.toThrow(`${join(empty, 'run-config.json')} is not valid JSON: `);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});
