import type { EndEvent, EvalEvent, MetricsEvent, TrainEvent } from '../../rundir/metrics-log.js';
import { initialEarlyStoppingState, observeEvaluation, type SelectionConfig } from '../early-stopping.js';
import { formatDuration } from '../progress.js';

export interface SummaryInput {
  runName: string;
  events: MetricsEvent[];
  selection: SelectionConfig;
  /** Chart files (relative to report/) to embed. */
  charts: { title: string; png: string }[];
}

const METRICS = ['accuracy', 'precision_macro', 'recall_macro', 'f1_macro', 'f1_weighted', 'loss'] as const;

/** The best evaluation by the selection metric (ties keep the earlier), as the trainer picks it. */
export function bestEvaluation(evals: EvalEvent[], selection: SelectionConfig): EvalEvent | null {
  let state = initialEarlyStoppingState();
  for (const e of evals) state = observeEvaluation(state, { step: e.step, metrics: { ...e } }, selection, { patience: null, threshold: 0 }).state;
  return evals.find((e) => e.step === state.bestStep) ?? null;
}

// Logs may hold null where a value was NaN or Infinity (JSON has neither) or is simply absent.
const fmt = (v: number | null | undefined, digits = 4) => (v === undefined || v === null ? '-' : !Number.isFinite(v) || Number.isInteger(v) ? String(v) : v.toFixed(digits));

function table(header: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

function perClass(e: EvalEvent): string[] {
  if (!e.per_class?.length) return [];
  const rows = e.per_class.map((c) => [c.label, fmt(c.precision), fmt(c.recall), fmt(c.f1), c.support]);
  const out = [`## Per class (step ${e.step})`, '', table(['class', 'precision', 'recall', 'f1', 'support'], rows), ''];
  if (e.confusion_matrix?.length) {
    const labels = e.per_class.map((c) => c.label);
    const cm = e.confusion_matrix.map((row, i) => [`**${labels[i] ?? i}**`, ...row]);
    out.push(`## Confusion matrix (step ${e.step}; rows true, columns predicted)`, '', table(['', ...labels], cm), '');
  }
  return out;
}

/**
 * Wall time and throughput of the whole run, summed over its segments when it was resumed (logs of
 * older versions have only the last segment's, which is then all we can say).
 */
function timing(end: EndEvent | null, lastTrain: TrainEvent | undefined): [string, string][] {
  if (end === null)
    return [
      ['wall time', '-'],
      ['train samples/s', fmt(lastTrain?.samples_per_second, 1)],
    ];
  const resumedAt = end.resumed_at ?? [];
  if (end.run_wall_time_s === undefined || resumedAt.length === 0) {
    return [
      ['wall time', formatDuration(end.run_wall_time_s ?? end.wall_time_s)],
      ['train samples/s', fmt(end.run_train_samples_per_second ?? end.train_samples_per_second, 1)],
    ];
  }
  const segments = `${resumedAt.length + 1} segments, resumed at step ${resumedAt.join(', ')}`;
  return [
    ['wall time', `${formatDuration(end.run_wall_time_s)} (whole run: ${segments}; last segment ${formatDuration(end.wall_time_s)})`],
    ['train samples/s', `${fmt(end.run_train_samples_per_second, 1)} (whole run; last segment ${fmt(end.train_samples_per_second, 1)})`],
  ];
}

/** `summary.md`: how the run went, its best and final evaluation, per class, confusion matrix, curves. */
export function summaryMarkdown(input: SummaryInput): string {
  const { events, selection } = input;
  const train = events.filter((e): e is TrainEvent => e.type === 'train');
  const evals = events.filter((e): e is EvalEvent => e.type === 'eval');
  const end = events.find((e): e is EndEvent => e.type === 'end') ?? null;
  const best = bestEvaluation(evals, selection);
  const final = evals.at(-1) ?? null;
  const lastStep = Math.max(0, ...events.map((e) => e.step));
  const out = [`# Run ${input.runName}`, ''];
  const facts: [string, string][] = [
    ['status', end ? `finished (${end.reason})` : 'not finished (no end event in logs/metrics.jsonl)'],
    ['optimizer steps', String(end?.step ?? lastStep)],
    ['epochs', fmt(end?.epoch ?? train.at(-1)?.epoch)],
    ...timing(end, train.at(-1)),
    ['selection', `${selection.metricForBest} (${selection.greaterIsBetter ? 'higher' : 'lower'} is better)`],
    ['best step', best ? String(best.step) : '-'],
  ];
  out.push(table(['', ''], facts), '');
  if (best && final) {
    const cols = best.step === final.step ? [best] : [best, final];
    const header = ['metric', ...cols.map((e) => `${e === best ? 'best' : 'final'} (step ${e.step})`)];
    out.push(
      '## Validation',
      '',
      table(
        header,
        METRICS.map((m) => [m, ...cols.map((e) => fmt(e[m]))]),
      ),
      '',
    );
    out.push(...perClass(best));
  } else {
    out.push('No evaluation was logged.', '');
  }
  if (input.charts.length > 0) {
    out.push('## Curves', '', ...input.charts.map((c) => `![${c.title}](${c.png})`), '');
  }
  return out.join('\n');
}
