import type { TopLevelSpec } from 'vega-lite';
import type { EvalEvent, MetricsEvent, TrainEvent } from '../metrics-log.js';

/** One chart of the report; `name` becomes `<name>.svg` / `<name>.png`. */
export interface CurveSpec {
  name: string;
  title: string;
  spec: TopLevelSpec;
}

type Point = { step: number; value: number; series: string };

const WIDTH = 560;
const HEIGHT = 260;

/** A multi-series line chart over optimizer steps, with an optional dashed rule at the best step. */
function lineChart(title: string, yTitle: string, points: Point[], options: { bestStep?: number | null; logY?: boolean } = {}): TopLevelSpec {
  const line = {
    mark: { type: 'line' as const, point: points.length <= 60, strokeWidth: 2 },
    encoding: {
      x: { field: 'step', type: 'quantitative' as const, title: 'optimizer step' },
      y: { field: 'value', type: 'quantitative' as const, title: yTitle, scale: { zero: false, ...(options.logY ? { type: 'log' as const } : {}) } },
      color: { field: 'series', type: 'nominal' as const, title: null, legend: { orient: 'bottom' as const } },
    },
  };
  const rule = options.bestStep == null ? [] : [{
    data: { values: [{ step: options.bestStep }] },
    mark: { type: 'rule' as const, strokeDash: [4, 4], color: '#888' },
    encoding: { x: { field: 'step', type: 'quantitative' as const } },
  }];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    width: WIDTH,
    height: HEIGHT,
    background: 'white',
    config: { font: 'sans-serif' },
    layer: [{ data: { values: points }, ...line }, ...rule],
  } as TopLevelSpec;
}

const isTrain = (e: MetricsEvent): e is TrainEvent => e.type === 'train';
const isEval = (e: MetricsEvent): e is EvalEvent => e.type === 'eval';

/** The report's charts from the event log: loss (train and validation), learning rate, validation metrics. */
export function curveSpecs(events: MetricsEvent[], bestStep: number | null): CurveSpec[] {
  const train = events.filter(isTrain);
  const evals = events.filter(isEval);
  const curves: CurveSpec[] = [];
  const loss: Point[] = [
    ...train.map((e) => ({ step: e.step, value: e.loss, series: 'train loss' })),
    ...evals.map((e) => ({ step: e.step, value: e.loss, series: 'validation loss' })),
  ];
  if (loss.length > 0) curves.push({ name: 'loss', title: 'Loss', spec: lineChart('Loss', 'cross-entropy', loss, { bestStep }) });
  if (train.length > 0) {
    const lr = train.map((e) => ({ step: e.step, value: e.lr, series: 'learning rate' }));
    curves.push({ name: 'learning-rate', title: 'Learning rate', spec: lineChart('Learning rate', 'learning rate', lr) });
  }
  if (evals.length > 0) {
    const keys = ['accuracy', 'f1_macro', 'precision_macro', 'recall_macro'] as const;
    const metrics = evals.flatMap((e) => keys.map((k) => ({ step: e.step, value: e[k], series: k })));
    curves.push({ name: 'validation', title: 'Validation metrics', spec: lineChart('Validation metrics', 'score', metrics, { bestStep }) });
  }
  return curves;
}
