import { describe, it, expect } from '@jest/globals';
import { initialEarlyStoppingState, observeEvaluation, validateEarlyStopping, type EarlyStoppingConfig, type EarlyStoppingState, type SelectionConfig } from './early-stopping.js';
import { earlyStoppingFromTrainerState, newTrainerState, withEarlyStopping, type TrainerState } from '../rundir/trainer-state.js';

const STATE_INIT = { max_steps: 100, num_train_epochs: 1, logging_steps: 1, eval_steps: 1, save_steps: 1, train_batch_size: 1 };

const f1: SelectionConfig = { metricForBest: 'f1_macro', greaterIsBetter: true };
const loss: SelectionConfig = { metricForBest: 'eval_loss', greaterIsBetter: false };

/** Runs a sequence of (step, value) evaluations and returns every verdict. */
function replay(values: number[], selection: SelectionConfig, stopping: EarlyStoppingConfig, from = initialEarlyStoppingState()) {
  let state = from;
  const key = selection.metricForBest.replace(/^eval_/, '');
  return values.map((v, i) => {
    const verdict = observeEvaluation(state, { step: (i + 1) * 50, metrics: { [key]: v } }, selection, stopping);
    state = verdict.state;
    return verdict;
  });
}

describe('best-model tracking', () => {
  it('moves on strict improvement only: a tie keeps the earlier step, as HF does', () => {
    const v = replay([0.5, 0.7, 0.7, 0.6], f1, { patience: null, threshold: 0 });
    expect(v.map((x) => x.isBest)).toEqual([true, true, false, false]);
    expect(v.at(-1)?.state).toEqual({ bestMetric: 0.7, bestStep: 100, badEvals: 2 });
  });

  it('lower is better for a loss, and the eval_ prefix is accepted', () => {
    const v = replay([1.0, 0.8, 0.9], loss, { patience: null, threshold: 0 });
    expect(v.map((x) => x.isBest)).toEqual([true, true, false]);
    expect(v.at(-1)?.state.bestStep).toBe(100);
  });

  it('a NaN metric is never the best and counts as a bad evaluation', () => {
    const v = replay([Number.NaN, 0.4, Number.NaN], f1, { patience: 3, threshold: 0 });
    expect(v.map((x) => [x.isBest, x.state.badEvals])).toEqual([
      [false, 1],
      [true, 0],
      [false, 1],
    ]);
  });
});

describe('early stopping (HF EarlyStoppingCallback semantics)', () => {
  it('stops after `patience` evaluations without strict improvement', () => {
    const v = replay([0.5, 0.6, 0.6, 0.55, 0.59], f1, { patience: 3, threshold: 0 });
    expect(v.map((x) => x.state.badEvals)).toEqual([0, 0, 1, 2, 3]);
    expect(v.map((x) => x.stop)).toEqual([false, false, false, false, true]);
  });

  it('an improvement not larger than the threshold counts as bad, yet still moves the best model', () => {
    const v = replay([0.5, 0.505, 0.52, 0.531], f1, { patience: 2, threshold: 0.01 });
    expect(v.map((x) => x.isBest)).toEqual([true, true, true, true]);
    expect(v.map((x) => x.improved)).toEqual([true, false, true, true]);
    expect(v.map((x) => x.state.badEvals)).toEqual([0, 1, 0, 0]);
  });

  it('the threshold is mirrored for lower-is-better', () => {
    // 0.85 is compared with the moved best 0.95, not with 1.0.
    const v = replay([1.0, 0.95, 0.9, 0.85], loss, { patience: 5, threshold: 0.06 });
    expect(v.map((x) => x.improved)).toEqual([true, false, false, false]);
    expect(replay([1.0, 0.95, 0.88], loss, { patience: 5, threshold: 0.06 }).map((x) => x.improved)).toEqual([true, false, true]);
  });

  it('patience null never stops', () => {
    expect(replay([0.9, 0.1, 0.1, 0.1, 0.1, 0.1], f1, { patience: null, threshold: 0 }).some((x) => x.stop)).toBe(false);
  });

  it('the state survives a resume: a JSON round trip mid-run gives the same stop step as an uninterrupted run', () => {
    const values = [0.5, 0.6, 0.58, 0.59, 0.57, 0.61, 0.6, 0.6];
    const cfg = { patience: 2, threshold: 0 };
    const whole = replay(values, f1, cfg);
    const head = replay(values.slice(0, 5), f1, cfg);
    // Through trainer_state.json's HF fields, as a resume restores it.
    const saved = withEarlyStopping(newTrainerState(STATE_INIT), cfg, head.at(-1)!.state);
    const restored = earlyStoppingFromTrainerState(JSON.parse(JSON.stringify(saved)) as TrainerState);
    const tail = replay(values.slice(5), f1, cfg, restored);
    expect([...head, ...tail].map((x) => x.stop)).toEqual(whole.map((x) => x.stop));
    expect(head.at(-1)?.state.badEvals).toBe(3);
  });
});

describe('failure paths', () => {
  it('a missing selection metric names it and lists what the evaluation has', () => {
    expect(() =>
      observeEvaluation(
        initialEarlyStoppingState(),
        { step: 1, metrics: { accuracy: 1, loss: 0.2 } },
        { metricForBest: 'f1_macor', greaterIsBetter: true },
        { patience: 1, threshold: 0 },
      ),
    ).toThrow('train.metricForBest is "f1_macor", but the evaluation has no such number (it has: accuracy, loss)');
  });

  it('rejects nonsensical patience and threshold', () => {
    expect(() => validateEarlyStopping({ patience: 0, threshold: 0 })).toThrow('train.earlyStopping.patience must be null or an integer >= 1 (evaluations), got 0');
    expect(() => validateEarlyStopping({ patience: 2, threshold: -0.1 })).toThrow('train.earlyStopping.threshold must be a finite number >= 0, got -0.1');
    expect(() => validateEarlyStopping({ patience: null, threshold: 0 })).not.toThrow();
  });
});
