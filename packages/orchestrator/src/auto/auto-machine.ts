/**
 * The auto-evaluator's decisions as a pure state machine: events in (checkpoints seen, evaluation
 * results, training ended), actions out (evaluate, back up, cancel, score test). The driver
 * (run-auto.ts) does the I/O. Checkpoints are evaluated one at a time in ascending step order.
 */
export interface AutoSettings {
  metric: string;
  target: number | null;
  /** Consecutive drops that stop the run; an integer ≥ 1, as orchestrator.auto.dropPatience's schema says. */
  dropPatience: number;
  selectOn: 'validation' | 'test';
  greaterIsBetter: boolean;
}

export interface EvalPoint {
  step: number;
  value: number | null;
  metrics: Record<string, number> | null;
  error: string | null;
}

export type AutoStopReason =
  | { kind: 'target'; step: number; value: number }
  | { kind: 'drop'; step: number; value: number; previous: number; consecutive: number }
  | { kind: 'exhausted'; trainingOk: boolean; detail: string };

export interface AutoState {
  settings: AutoSettings;
  queue: number[];
  inFlight: number | null;
  evaluated: EvalPoint[];
  best: { step: number; value: number } | null;
  consecutiveDrops: number;
  training: { state: 'running' } | { state: 'ended'; ok: boolean; detail: string };
  stop: AutoStopReason | null;
}

export type AutoEvent =
  | { type: 'checkpoints'; steps: readonly number[] }
  | { type: 'evalDone'; step: number; metrics: Record<string, number> }
  | { type: 'evalFailed'; step: number; error: string }
  | { type: 'trainingEnded'; ok: boolean; detail: string };

export type AutoAction =
  | { type: 'evaluate'; step: number; split: 'validation' | 'test' }
  | { type: 'backupBest'; step: number }
  | { type: 'cancelTraining' }
  | { type: 'cancelEvaluation'; step: number }
  | { type: 'scoreTest'; step: number }
  | { type: 'finish'; reason: AutoStopReason };

export const TEST_LEAK_WARNING =
  'orchestrator.auto.selectOn is "test": checkpoints are selected on the test split, as the study did; ' +
  'the reported test score is then optimistically biased (test-set leakage). Use "validation" for an honest score.';

export function initialAutoState(settings: AutoSettings): AutoState {
  return { settings, queue: [], inFlight: null, evaluated: [], best: null, consecutiveDrops: 0, training: { state: 'running' }, stop: null };
}

export function autoStep(s: AutoState, e: AutoEvent): { state: AutoState; actions: AutoAction[] } {
  if (s.stop) return { state: s, actions: [] };
  const state: AutoState = { ...s, queue: [...s.queue], evaluated: [...s.evaluated] };
  const actions: AutoAction[] = [];
  switch (e.type) {
    case 'checkpoints': {
      const last = Math.max(-1, state.inFlight ?? -1, ...state.evaluated.map((p) => p.step));
      for (const step of e.steps) if (step > last && !state.queue.includes(step)) state.queue.push(step);
      state.queue.sort((a, b) => a - b);
      break;
    }
    case 'evalDone': {
      if (e.step !== state.inFlight) return { state: s, actions: [] };
      state.inFlight = null;
      const value = e.metrics[state.settings.metric];
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        state.evaluated.push({ step: e.step, value: null, metrics: e.metrics, error: `metric ${state.settings.metric} missing from the result` });
        break;
      }
      judge(state, { step: e.step, value, metrics: e.metrics, error: null }, actions);
      break;
    }
    case 'evalFailed':
      if (e.step !== state.inFlight) return { state: s, actions: [] };
      state.inFlight = null;
      state.evaluated.push({ step: e.step, value: null, metrics: null, error: e.error });
      break;
    case 'trainingEnded':
      state.training = { state: 'ended', ok: e.ok, detail: e.detail };
      break;
    default:
      return assertNever(e);
  }
  if (state.stop) return { state, actions: [...actions, ...stopActions(state, state.stop)] };
  if (state.inFlight === null && state.queue.length > 0) {
    state.inFlight = state.queue.shift()!;
    actions.push({ type: 'evaluate', step: state.inFlight, split: state.settings.selectOn });
  } else if (state.inFlight === null && state.training.state === 'ended') {
    state.stop = { kind: 'exhausted', trainingOk: state.training.ok, detail: state.training.detail };
    actions.push(...stopActions(state, state.stop));
  }
  return { state, actions };
}

function judge(state: AutoState, point: EvalPoint & { value: number }, actions: AutoAction[]): void {
  const { greaterIsBetter, target, dropPatience } = state.settings;
  const better = (a: number, b: number): boolean => (greaterIsBetter ? a > b : a < b);
  const previous = [...state.evaluated].reverse().find((p) => p.value !== null);
  state.evaluated.push(point);
  if (state.best === null || better(point.value, state.best.value)) {
    state.best = { step: point.step, value: point.value };
    actions.push({ type: 'backupBest', step: point.step });
  }
  if (target !== null && (greaterIsBetter ? point.value >= target : point.value <= target)) {
    state.stop = { kind: 'target', step: point.step, value: point.value };
    return;
  }
  state.consecutiveDrops = previous && better(previous.value!, point.value) ? state.consecutiveDrops + 1 : 0;
  if (previous && state.consecutiveDrops >= dropPatience) {
    state.stop = { kind: 'drop', step: point.step, value: point.value, previous: previous.value!, consecutive: state.consecutiveDrops };
  }
}

function stopActions(state: AutoState, reason: AutoStopReason): AutoAction[] {
  const out: AutoAction[] = [];
  if (state.training.state === 'running') out.push({ type: 'cancelTraining' });
  if (state.inFlight !== null) out.push({ type: 'cancelEvaluation', step: state.inFlight });
  // Validation selection: the test split is scored once, on the chosen checkpoint only.
  if (state.best !== null && state.settings.selectOn === 'validation') out.push({ type: 'scoreTest', step: state.best.step });
  out.push({ type: 'finish', reason });
  return out;
}

function assertNever(x: never): never {
  throw new Error(`auto-evaluator: unhandled event ${JSON.stringify(x)}`);
}
