import { join } from 'node:path';
import { writeFileAtomicSync } from '@bertfit/core';
import { writeJsonAtomic } from '../json-file.js';
import { checkpointDir, lineChart, writeCharts } from '@bertfit/train';
import type { EvalPoint, AutoStopReason } from './auto-machine.js';

export interface AutoSummary {
  workDir: string;
  runDir: string;
  metric: string;
  selectOn: 'validation' | 'test';
  target: number | null;
  reason: AutoStopReason;
  best: { step: number; value: number; checkpoint: string } | null;
  /** Test metrics of the best checkpoint (scored once at the end; with selectOn test, the selection run's). */
  test: Record<string, number> | null;
  evaluated: EvalPoint[];
  warnings: string[];
  files: { markdown: string; json: string; curve: string; curvePng: string };
}

export function describeStop(r: AutoStopReason): string {
  switch (r.kind) {
    case 'target':
      return `target reached at step ${r.step} (${r.value})`;
    case 'drop':
      return `metric dropped at step ${r.step} (${r.value} < ${r.previous}, ${r.consecutive} in a row)`;
    case 'exhausted':
      return `all checkpoints evaluated after training ended (${r.trainingOk ? 'ok' : `training: ${r.detail}`})`;
    default: {
      const bad: never = r;
      return String(bad);
    }
  }
}

/** What the console shows at the end: why auto stopped, the checkpoint it chose with its score, the test score, the report. */
export function autoOutcomeLines(s: AutoSummary): string[] {
  const chosen = s.best
    ? `auto: chosen checkpoint: step ${s.best.step} (${checkpointDir(s.runDir, s.best.step)}), ${s.metric} ${s.best.value.toFixed(4)} on ${s.selectOn}; backed up at ${s.best.checkpoint}`
    : 'auto: chosen checkpoint: none (no evaluation succeeded)';
  const t = s.test;
  const test = t
    ? [`auto: test (scored once${s.selectOn === 'test' ? ', also the selection split' : ''}, n ${t.n}): accuracy ${t.accuracy?.toFixed(4)}, f1_macro ${t.f1_macro?.toFixed(4)}`]
    : [];
  return [`auto: stopped: ${describeStop(s.reason)}`, chosen, ...test, `auto: report ${s.files.markdown}`];
}

/** Writes summary.md (table + stop reason), summary.json and curve.svg/.png into `<workDir>/report`. */
export async function writeAutoReport(s: Omit<AutoSummary, 'files'>): Promise<AutoSummary> {
  const dir = join(s.workDir, 'report');
  const points = s.evaluated.flatMap((p) => (p.value === null ? [] : [{ x: p.step, y: p.value, series: s.metric }]));
  const spec = lineChart({ title: `${s.metric} on ${s.selectOn} by checkpoint`, xTitle: 'optimizer step', yTitle: s.metric, points, ruleX: s.best?.step ?? null, ruleY: s.target });
  const [chart] = await writeCharts(dir, [{ name: 'curve', title: 'curve', spec }]);
  const files = { markdown: join(dir, 'summary.md'), json: join(dir, 'summary.json'), curve: chart!.svg, curvePng: chart!.png };
  const rows = s.evaluated.map((p) => {
    const mark = s.best?.step === p.step ? ' **best**' : '';
    return `| ${p.step} | ${p.value === null ? '–' : p.value.toFixed(4)}${mark} | ${p.error ?? ''} |`;
  });
  const md = [
    `# Auto-evaluation: ${s.metric} on ${s.selectOn}`,
    '',
    ...s.warnings.map((w) => `> **Warning:** ${w}`),
    s.warnings.length ? '' : null,
    `Stopped: ${describeStop(s.reason)}.`,
    '',
    s.best ? `Best: step ${s.best.step}, ${s.metric} ${s.best.value.toFixed(4)}, backed up at \`${s.best.checkpoint}\`.` : 'Best: none (no evaluation succeeded).',
    s.test
      ? `Test (scored once, on the best checkpoint): ${Object.entries(s.test)
          .map(([k, v]) => `${k} ${Number.isInteger(v) ? v : v.toFixed(4)}`)
          .join(', ')}.`
      : '',
    '',
    `| step | ${s.metric} (${s.selectOn}) | error |`,
    '|---|---|---|',
    ...rows,
    '',
    '![curve](curve.png)',
    '',
  ].filter((l) => l !== null);
  const summary: AutoSummary = { ...s, files };
  writeFileAtomicSync(files.markdown, md.join('\n'));
  writeJsonAtomic(files.json, summary);
  return summary;
}
