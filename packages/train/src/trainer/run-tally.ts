import type { Batch } from '@bertfit/data';
import type { ParamSpec } from '../models/bert-params.js';
import type { LogHistoryEntry, TrainerState } from '../rundir/trainer-state.js';

/**
 * The run's whole-timeline accounting, kept in trainer_state.json's `stateful_callbacks` under this
 * key: HF's TrainerState rejects unknown top-level fields, but ignores callback states it has no
 * callback for, so the file stays loadable by HF while a resume continues the count.
 */
export const RUN_TALLY_KEY = 'BertfitRunTally';

export interface RunTally {
  /** Seconds of training (steps, evaluations, checkpoints) over every segment of this timeline. */
  train_runtime: number;
  /** Sum of the per-step train losses, for HF's `train_loss` (their mean over the run). */
  loss_sum: number;
  /** Steps at which the run was resumed, in order (empty for an uninterrupted run). */
  resumed_at: number[];
}

export function runTallyOf(state: TrainerState): RunTally {
  const a = state.stateful_callbacks[RUN_TALLY_KEY]?.attributes;
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
  const resumed = Array.isArray(a?.resumed_at) ? (a.resumed_at as unknown[]).filter((s): s is number => typeof s === 'number') : [];
  return { train_runtime: num(a?.train_runtime), loss_sum: num(a?.loss_sum), resumed_at: resumed };
}

function withRunTally(state: TrainerState, tally: RunTally): TrainerState {
  return { ...state, stateful_callbacks: { ...state.stateful_callbacks, [RUN_TALLY_KEY]: { args: {}, attributes: { ...tally } } } };
}

/** HF's `num_parameters(exclude_embeddings=True)`: every parameter but the embedding tables. */
export function nonEmbeddingParameters(specs: readonly ParamSpec[]): number {
  return specs.filter((s) => s.init !== 'embedding').reduce((n, s) => n + s.shape.reduce((a, b) => a * b, 1), 0);
}

/**
 * Counts one optimizer step into the state: HF's `floating_point_ops` estimate (6 · non-embedding
 * parameters · input_ids.numel(), padding included) into total_flos, its loss, and the time the
 * timeline has run so far (`segmentStart` is this process's clock when the segment began, at the
 * runtime the resumed state already held).
 */
export function tallyStep(
  state: TrainerState,
  step: { group: readonly Batch[]; loss: number; parameters: number; segment: { startMs: number; runtimeBefore: number } },
): TrainerState {
  const tokens = step.group.reduce((n, b) => n + b.inputIds.length, 0);
  const tally = runTallyOf(state);
  const counted = withRunTally({ ...state, total_flos: state.total_flos + 6 * step.parameters * tokens }, { ...tally, loss_sum: tally.loss_sum + step.loss });
  return withSegmentTime(counted, step.segment);
}

/** The timeline's runtime up to now: what it held when this segment began, plus this segment's time. */
export function withSegmentTime(state: TrainerState, segment: { startMs: number; runtimeBefore: number }): TrainerState {
  return withRunTally(state, { ...runTallyOf(state), train_runtime: segment.runtimeBefore + (performance.now() - segment.startMs) / 1000 });
}

/** A resumed state notes the step it continues from. */
export function markResumed(state: TrainerState, step: number): TrainerState {
  const tally = runTallyOf(state);
  return withRunTally(state, { ...tally, resumed_at: [...tally.resumed_at, step] });
}

/**
 * HF's final train-summary `log_history` entry (Trainer.train's last log), over the whole timeline:
 * train_runtime in seconds, samples and steps per second, total_flos, mean train loss, epoch, step.
 */
export function trainSummaryEntry(state: TrainerState, s: { step: number; epoch: number; samplesPerStep: number }): LogHistoryEntry {
  const tally = runTallyOf(state);
  const runtime = tally.train_runtime;
  return {
    epoch: s.epoch,
    step: s.step,
    total_flos: state.total_flos,
    train_loss: s.step > 0 ? tally.loss_sum / s.step : 0,
    train_runtime: round4(runtime),
    train_samples_per_second: runtime > 0 ? round3((s.step * s.samplesPerStep) / runtime) : 0,
    train_steps_per_second: runtime > 0 ? round3(s.step / runtime) : 0,
  };
}

// HF rounds these the same way (speed_metrics: runtime to 4 digits, rates to 3).
const round4 = (x: number) => Math.round(x * 1e4) / 1e4;
const round3 = (x: number) => Math.round(x * 1e3) / 1e3;
