import { BertfitError } from '@bertfit/core';

/** Which metric selects the best checkpoint (config train.metricForBest / train.greaterIsBetter). */
export interface SelectionConfig {
  /** A metric name such as `f1_macro` or `loss`; HF's `eval_` prefix is accepted too. */
  metricForBest: string;
  greaterIsBetter: boolean;
}

/** Config train.earlyStopping: `patience` counts evaluations (null disables); `threshold` is in metric units. */
export interface EarlyStoppingConfig {
  patience: number | null;
  threshold: number;
}

/**
 * Serialised in every checkpoint and restored on resume, so patience is not reset by a restart (an
 * HF trap before stateful callbacks). `badEvals` counts evaluations since the last one that beat the
 * best by more than the threshold.
 */
export interface EarlyStoppingState {
  bestMetric: number | null;
  bestStep: number | null;
  badEvals: number;
}

/** What one evaluation meant. `isBest`: save/keep this step as the best model. */
export interface EvalVerdict {
  state: EarlyStoppingState;
  value: number;
  isBest: boolean;
  /** Beat the previous best by more than the threshold (resets patience). */
  improved: boolean;
  stop: boolean;
}

export function initialEarlyStoppingState(): EarlyStoppingState {
  return { bestMetric: null, bestStep: null, badEvals: 0 };
}

/** Fails early on settings that make no sense, naming the config path. */
export function validateEarlyStopping(cfg: EarlyStoppingConfig): void {
  if (cfg.patience !== null && (!Number.isSafeInteger(cfg.patience) || cfg.patience < 1)) {
    throw new BertfitError(`train.earlyStopping.patience must be null or an integer >= 1 (evaluations), got ${cfg.patience}`);
  }
  if (!Number.isFinite(cfg.threshold) || cfg.threshold < 0) {
    throw new BertfitError(`train.earlyStopping.threshold must be a finite number >= 0, got ${cfg.threshold}`);
  }
}

/** Finds the selection metric in an evaluation's metrics (`f1_macro` or `eval_f1_macro`). */
export function selectionValue(metrics: Record<string, unknown>, metricForBest: string): number {
  const bare = metricForBest.replace(/^eval_/, '');
  const value = metrics[bare] ?? metrics[`eval_${bare}`];
  if (typeof value !== 'number') {
    throw new BertfitError(`train.metricForBest is "${metricForBest}", but the evaluation has no such number (it has: ${Object.keys(metrics).sort().join(', ')})`);
  }
  return value;
}

function beats(value: number, best: number, greaterIsBetter: boolean): boolean {
  return greaterIsBetter ? value > best : value < best;
}

/**
 * Folds one evaluation into the state, as HF does: the best model moves on any strict improvement
 * (ties keep the earlier step); patience resets only when the best is beaten by more than `threshold`
 * (measured against the best before this evaluation). A NaN metric is never better.
 */
export function observeEvaluation(
  state: EarlyStoppingState,
  evaluation: { step: number; metrics: Record<string, unknown> },
  selection: SelectionConfig,
  stopping: EarlyStoppingConfig,
): EvalVerdict {
  const value = selectionValue(evaluation.metrics, selection.metricForBest);
  const first = state.bestMetric === null && !Number.isNaN(value);
  const better = first || (state.bestMetric !== null && beats(value, state.bestMetric, selection.greaterIsBetter));
  const improved = first || (better && Math.abs(value - (state.bestMetric ?? value)) > stopping.threshold);
  const next: EarlyStoppingState = {
    bestMetric: better ? value : state.bestMetric,
    bestStep: better ? evaluation.step : state.bestStep,
    badEvals: improved ? 0 : state.badEvals + 1,
  };
  const stop = stopping.patience !== null && next.badEvals >= stopping.patience;
  return { state: next, value, isBest: better, improved, stop };
}
