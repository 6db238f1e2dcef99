import type { TopLevelSpec } from 'vega-lite';

/**
 * The chart kinds of every bertfit report (a run's curves, a sweep's score and curves, the
 * auto-evaluator's checkpoint curve): vega-lite specs in one style, rendered by render.ts.
 */

/** One chart of a report; `name` becomes `<name>.svg` / `<name>.png`. */
export interface CurveSpec {
  name: string;
  title: string;
  spec: TopLevelSpec;
}

export interface LinePoint {
  x: number;
  y: number;
  series: string;
}

export interface LineChartOptions {
  title: string;
  xTitle: string;
  yTitle: string;
  points: LinePoint[];
  logX?: boolean;
  logY?: boolean;
  /** A dashed vertical rule at this x (e.g. the best step). */
  ruleX?: number | null;
  /** A dashed horizontal rule at this y (e.g. a target). */
  ruleY?: number | null;
  /** Dotted vertical rules labelled at the top (e.g. the steps a run was resumed at). */
  marksX?: readonly { at: number; label: string }[];
  /** Legend title; null hides it (one unnamed series set). */
  legendTitle?: string | null;
}

export interface HeatCell {
  x: string;
  y: string;
  /** null: no value (a failed trial), drawn as an empty cell. */
  value: number | null;
}

export interface HeatmapOptions {
  title: string;
  xTitle: string;
  yTitle: string;
  valueTitle: string;
  cells: HeatCell[];
}

const WIDTH = 560;
const HEIGHT = 260;

function frame(title: string, layers: unknown[], size = { width: WIDTH, height: HEIGHT }): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    ...size,
    background: 'white',
    config: { font: 'sans-serif' },
    layer: layers,
  } as TopLevelSpec;
}

const rule = (axis: 'x' | 'y', at: number | null | undefined) =>
  at == null
    ? []
    : [
        {
          data: { values: [{ at }] },
          mark: { type: 'rule' as const, strokeDash: [4, 4], color: '#888' },
          encoding: { [axis]: { field: 'at', type: 'quantitative' as const } },
        },
      ];

const marks = (at: readonly { at: number; label: string }[] | undefined) =>
  !at?.length
    ? []
    : [
        {
          data: { values: at },
          encoding: { x: { field: 'at', type: 'quantitative' as const } },
          layer: [
            { mark: { type: 'rule' as const, strokeDash: [1, 3], color: '#555' } },
            {
              mark: { type: 'text' as const, align: 'left' as const, baseline: 'top' as const, dx: 3, y: 2, fontSize: 10, color: '#555' },
              encoding: { text: { field: 'label', type: 'nominal' as const } },
            },
          ],
        },
      ];

// A log scale has no zero to drop (vega-lite warns when told to), and its rounding to whole decades
// would squeeze a grid like 2e-4…2e-3 into the middle; a few pixels of padding keep end points off the axes.
const scale = (log: boolean | undefined) => (log ? { type: 'log' as const, nice: false, padding: 16 } : { zero: false });

/** A multi-series line chart (points shown while there are few), with optional dashed rules. */
export function lineChart(o: LineChartOptions): TopLevelSpec {
  const oneSeries = new Set(o.points.map((p) => p.series)).size <= 1;
  const line = {
    data: { values: o.points },
    mark: { type: 'line' as const, point: o.points.length <= 60, strokeWidth: 2 },
    encoding: {
      x: { field: 'x', type: 'quantitative' as const, title: o.xTitle, scale: scale(o.logX) },
      y: { field: 'y', type: 'quantitative' as const, title: o.yTitle, scale: scale(o.logY) },
      // One series needs no legend; trial labels ("#3 learningRate=0.002") need more than vega's 160 px.
      color: { field: 'series', type: 'nominal' as const, title: o.legendTitle ?? null, legend: oneSeries ? null : { orient: 'bottom' as const, labelLimit: 400 } },
    },
  };
  return frame(o.title, [line, ...rule('x', o.ruleX), ...rule('y', o.ruleY), ...marks(o.marksX)]);
}

/** A grid of cells coloured by value, each labelled with it; for two swept settings. */
export function heatmapChart(o: HeatmapOptions): TopLevelSpec {
  const xs = [...new Set(o.cells.map((c) => c.x))];
  const ys = [...new Set(o.cells.map((c) => c.y))];
  const x = { field: 'x', type: 'ordinal' as const, title: o.xTitle, sort: xs };
  const y = { field: 'y', type: 'ordinal' as const, title: o.yTitle, sort: ys };
  const values = o.cells.map((c) => ({ ...c, label: c.value === null ? '–' : c.value.toFixed(3) }));
  const cell = Math.min(90, Math.floor(WIDTH / Math.max(1, xs.length)));
  return frame(
    o.title,
    [
      {
        data: { values },
        mark: { type: 'rect' as const, stroke: 'white' },
        encoding: { x, y, color: { field: 'value', type: 'quantitative' as const, title: o.valueTitle, scale: { scheme: 'viridis' } } },
      },
      {
        data: { values },
        mark: { type: 'text' as const, fontSize: 13 },
        encoding: { x, y, text: { field: 'label', type: 'nominal' as const }, color: { value: 'white' } },
      },
    ],
    { width: cell * xs.length, height: Math.min(60, Math.floor(HEIGHT / Math.max(1, ys.length))) * ys.length },
  );
}
