import { heatmapChart, lineChart, type CurveSpec, type LinePoint } from '@bertfit/train';
import type { LeaderboardRow } from '../sweep/leaderboard.js';

/** One trial's validation curve: `metric` at each evaluation step. */
export interface TrialCurve {
  index: number;
  overrides: Record<string, unknown>;
  points: { step: number; value: number }[];
}

/** The last segment of a config path ("train.learningRate" → "learningRate"), for short labels. */
const short = (path: string): string => path.slice(path.lastIndexOf('.') + 1);
const show = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

/** "learningRate=0.001, warmupSteps=50": a trial as its swept values. */
export function trialLabel(overrides: Record<string, unknown>): string {
  const parts = Object.entries(overrides).map(([k, v]) => `${short(k)}=${show(v)}`);
  return parts.length > 0 ? parts.join(', ') : 'base config';
}

/** Whether a numeric axis spans enough decades to read better on a log scale (learning rates do). */
function wantsLog(values: number[]): boolean {
  return values.every((v) => v > 0) && Math.max(...values) / Math.min(...values) >= 10;
}

/**
 * The swept value(s) against each trial's best validation score: a line for one numeric axis, a
 * heat map otherwise (first axis across, the others joined down; one row for a single categorical axis).
 */
export function scoreChart(rows: readonly LeaderboardRow[], metric: string): CurveSpec | null {
  const axes = [...new Set(rows.flatMap((r) => Object.keys(r.overrides)))];
  if (axes.length === 0) return null;
  const title = `Best validation ${metric} by ${axes.map(short).join(' × ')}`;
  const xs = rows.map((r) => r.overrides[axes[0]!]);
  if (axes.length === 1 && xs.every((x) => typeof x === 'number')) {
    const points: LinePoint[] = rows.flatMap((r) => (r.value === null ? [] : [{ x: r.overrides[axes[0]!] as number, y: r.value, series: metric }]));
    points.sort((a, b) => a.x - b.x);
    const spec = lineChart({ title, xTitle: axes[0]!, yTitle: `best validation ${metric}`, points, logX: wantsLog(xs as number[]) });
    return { name: 'sweep-score', title, spec };
  }
  const cells = rows.map((r) => ({
    x: show(r.overrides[axes[0]!]),
    y:
      axes.length > 1
        ? axes
            .slice(1)
            .map((a) => show(r.overrides[a]))
            .join(', ')
        : metric,
    value: r.value,
  }));
  const yTitle = axes.length > 1 ? axes.slice(1).join(', ') : '';
  return { name: 'sweep-score', title, spec: heatmapChart({ title, xTitle: axes[0]!, yTitle, valueTitle: metric, cells }) };
}

/** Every trial's validation curve, overlaid, one colour per trial. */
export function curvesChart(curves: readonly TrialCurve[], metric: string): CurveSpec | null {
  const points = curves.flatMap((c) => c.points.map((p) => ({ x: p.step, y: p.value, series: `#${c.index} ${trialLabel(c.overrides)}` })));
  if (points.length === 0) return null;
  const title = `Validation ${metric} of every trial`;
  return { name: 'sweep-curves', title, spec: lineChart({ title, xTitle: 'optimizer step', yTitle: metric, points, legendTitle: 'trial' }) };
}
