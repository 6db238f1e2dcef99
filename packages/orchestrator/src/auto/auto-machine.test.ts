import { describe, it, expect } from '@jest/globals';
import { autoStep, initialAutoState, type AutoAction, type AutoEvent, type AutoSettings, type AutoState } from './auto-machine.js';

const STUDY: AutoSettings = { metric: 'accuracy', target: 0.7943, dropPatience: 1, selectOn: 'validation', greaterIsBetter: true };

function run(settings: AutoSettings, events: AutoEvent[]): { state: AutoState; actions: AutoAction[] } {
  let state = initialAutoState(settings);
  const actions: AutoAction[] = [];
  for (const e of events) {
    const r = autoStep(state, e);
    state = r.state;
    actions.push(...r.actions);
  }
  return { state, actions };
}
const done = (step: number, accuracy: number): AutoEvent => ({ type: 'evalDone', step, metrics: { accuracy } });

describe('auto-evaluator state machine', () => {
  it('evaluates in ascending step order, one at a time, even when checkpoints arrive out of order', () => {
    const { actions } = run(STUDY, [{ type: 'checkpoints', steps: [500, 250] }, { type: 'checkpoints', steps: [750, 250] }, done(250, 0.5), done(500, 0.6)]);
    expect(actions.filter((a) => a.type === 'evaluate')).toEqual([
      { type: 'evaluate', step: 250, split: 'validation' },
      { type: 'evaluate', step: 500, split: 'validation' },
      { type: 'evaluate', step: 750, split: 'validation' },
    ]);
  });

  it('stops when the target is reached: cancels training, backs up the best, scores test once', () => {
    const { state, actions } = run(STUDY, [{ type: 'checkpoints', steps: [250, 500, 750] }, done(250, 0.7), done(500, 0.8)]);
    expect(state.stop).toEqual({ kind: 'target', step: 500, value: 0.8 });
    expect(actions).toEqual([
      { type: 'evaluate', step: 250, split: 'validation' },
      { type: 'backupBest', step: 250 },
      { type: 'evaluate', step: 500, split: 'validation' },
      { type: 'backupBest', step: 500 },
      { type: 'cancelTraining' },
      { type: 'scoreTest', step: 500 },
      { type: 'finish', reason: { kind: 'target', step: 500, value: 0.8 } },
    ]);
    expect(autoStep(state, { type: 'checkpoints', steps: [1000] }).actions).toEqual([]);
  });

  it('stops on the first drop with patience 1 (the study rule) and keeps the earlier best', () => {
    const { state, actions } = run(STUDY, [{ type: 'checkpoints', steps: [250, 500, 750] }, done(250, 0.6), done(500, 0.7), done(750, 0.69)]);
    expect(state.stop).toEqual({ kind: 'drop', step: 750, value: 0.69, previous: 0.7, consecutive: 1 });
    expect(state.best).toEqual({ step: 500, value: 0.7 });
    expect(actions.slice(-3)).toEqual([{ type: 'cancelTraining' }, { type: 'scoreTest', step: 500 }, { type: 'finish', reason: state.stop }]);
  });

  it('with patience 2 tolerates one drop, and a recovery resets the count', () => {
    const s = { ...STUDY, target: null, dropPatience: 2 };
    const steps: AutoEvent = { type: 'checkpoints', steps: [1, 2, 3, 4, 5, 6] };
    const a = run(s, [steps, done(1, 0.5), done(2, 0.4), done(3, 0.45), done(4, 0.44), done(5, 0.43)]);
    expect(a.state.stop).toEqual({ kind: 'drop', step: 5, value: 0.43, previous: 0.44, consecutive: 2 });
    const equal = run(s, [steps, done(1, 0.5), done(2, 0.5), done(3, 0.5)]);
    expect(equal.state.stop).toBeNull();
  });

  it('selectOn test evaluates on test and never scores test a second time', () => {
    const { actions } = run({ ...STUDY, selectOn: 'test' }, [{ type: 'checkpoints', steps: [10] }, done(10, 0.9)]);
    expect(actions).toEqual([
      { type: 'evaluate', step: 10, split: 'test' },
      { type: 'backupBest', step: 10 },
      { type: 'cancelTraining' },
      { type: 'finish', reason: { kind: 'target', step: 10, value: 0.9 } },
    ]);
  });

  it('finishes as exhausted after training ends and every checkpoint is evaluated; failures are recorded, not judged', () => {
    const s = { ...STUDY, target: null };
    const { state, actions } = run(s, [
      { type: 'checkpoints', steps: [1, 2] },
      { type: 'evalFailed', step: 1, error: 'infer exited 1' },
      { type: 'evalDone', step: 2, metrics: { f1_macro: 0.3 } },
      { type: 'trainingEnded', ok: false, detail: 'FAILED (exit 1)' },
    ]);
    expect(state.evaluated).toEqual([
      { step: 1, value: null, metrics: null, error: 'infer exited 1' },
      { step: 2, value: null, metrics: { f1_macro: 0.3 }, error: 'metric accuracy missing from the result' },
    ]);
    expect(state.best).toBeNull();
    expect(actions.at(-1)).toEqual({ type: 'finish', reason: { kind: 'exhausted', trainingOk: false, detail: 'FAILED (exit 1)' } });
  });

  it('ignores results for a step that is not in flight, and supports lower-is-better metrics', () => {
    const s = run(STUDY, [{ type: 'checkpoints', steps: [1] }]).state;
    expect(autoStep(s, done(7, 0.9))).toEqual({ state: s, actions: [] });
    const loss = run({ metric: 'loss', target: 0.1, dropPatience: 1, selectOn: 'validation', greaterIsBetter: false }, [
      { type: 'checkpoints', steps: [1, 2] },
      { type: 'evalDone', step: 1, metrics: { loss: 0.5 } },
      { type: 'evalDone', step: 2, metrics: { loss: 0.6 } },
    ]);
    expect(loss.state.stop).toEqual({ kind: 'drop', step: 2, value: 0.6, previous: 0.5, consecutive: 1 });
  });
});
