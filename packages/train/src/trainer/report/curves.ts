import type { EndEvent, EvalEvent, MetricsEvent, TrainEvent } from '../../rundir/metrics-log.js';
import { lineChart, type CurveSpec, type LinePoint } from './chart-specs.js';

export type { CurveSpec } from './chart-specs.js';

const isTrain = (e: MetricsEvent): e is TrainEvent => e.type === 'train';
const isEval = (e: MetricsEvent): e is EvalEvent => e.type === 'eval';

/** A multi-series chart over optimizer steps, with an optional dashed rule at the best step and the resumes marked. */
function stepChart(title: string, yTitle: string, points: LinePoint[], resumedAt: readonly number[], bestStep: number | null = null): CurveSpec['spec'] {
  return lineChart({ title, xTitle: 'optimizer step', yTitle, points, ruleX: bestStep, marksX: resumedAt.map((at) => ({ at, label: 'resumed' })) });
}

/** The report's charts from the event log: loss (train and validation), learning rate, validation metrics. */
export function curveSpecs(events: MetricsEvent[], bestStep: number | null): CurveSpec[] {
  const train = events.filter(isTrain);
  const evals = events.filter(isEval);
  const resumedAt = events.find((e): e is EndEvent => e.type === 'end')?.resumed_at ?? [];
  const curves: CurveSpec[] = [];
  const loss: LinePoint[] = [...train.map((e) => ({ x: e.step, y: e.loss, series: 'train loss' })), ...evals.map((e) => ({ x: e.step, y: e.loss, series: 'validation loss' }))];
  if (loss.length > 0) curves.push({ name: 'loss', title: 'Loss', spec: stepChart('Loss', 'cross-entropy', loss, resumedAt, bestStep) });
  if (train.length > 0) {
    const lr = train.map((e) => ({ x: e.step, y: e.lr, series: 'learning rate' }));
    curves.push({ name: 'learning-rate', title: 'Learning rate', spec: stepChart('Learning rate', 'learning rate', lr, resumedAt) });
  }
  if (evals.length > 0) {
    const keys = ['accuracy', 'f1_macro', 'precision_macro', 'recall_macro'] as const;
    const metrics = evals.flatMap((e) => keys.map((k) => ({ x: e.step, y: e[k], series: k })));
    curves.push({ name: 'validation', title: 'Validation metrics', spec: stepChart('Validation metrics', 'score', metrics, resumedAt, bestStep) });
  }
  return curves;
}
