import { mkdir, open, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { BertfitError, errorMessage, writeFileAtomic } from '@bertfit/core';
import type { LogHistoryEntry } from './trainer-state.js';
import type { EvalMetrics } from '../trainer/eval-metrics.js';
import { metricsEventSchema, type TrainStopReason } from './metrics-event-schema.js';
import { parseJson } from './read-json-file.js';

/** Where the event log lives inside a run dir. */
export const METRICS_LOG_PATH = join('logs', 'metrics.jsonl');

/** A training log event (every `logEvery` optimizer steps and at step 1). `lr` is the rate used by that step. */
export interface TrainEvent {
  type: 'train';
  step: number;
  epoch: number;
  loss: number;
  lr: number;
  /** Non-finite when the step's fp16 gradients overflowed; JSON has no Infinity, so the log holds (and reads back) null. */
  grad_norm: number | null;
  /** Absent only in events rebuilt from trainer_state.json's log_history, which keeps no timings. */
  samples_per_second?: number;
  /** fp16 only: the loss scale after this step's update (GradScaler.get_scale()). */
  loss_scale?: number;
  /** fp16 only: optimizer steps skipped so far for inf/NaN gradients (weights untouched, lr schedule not advanced). */
  skipped_steps?: number;
}

export type CoreMetrics = 'loss' | 'accuracy' | 'precision_macro' | 'recall_macro' | 'f1_macro' | 'f1_weighted';

/**
 * A validation event: the evaluation's metrics (the six core ones always), with `per_class` and
 * `confusion_matrix[i][j]` (true class i predicted as j) in label-id order when the loop records them.
 */
export type EvalEvent = { type: 'eval'; step: number; epoch: number; runtime_s?: number; samples_per_second?: number } & Pick<EvalMetrics, CoreMetrics> &
  Partial<Omit<EvalMetrics, CoreMetrics>>;

/** Written once when training ends; dropped on resume because the run goes on. */
export interface EndEvent {
  type: 'end';
  step: number;
  epoch: number;
  reason: TrainStopReason;
  /** This segment (since the start or the resume): seconds and its throughput. */
  wall_time_s: number;
  train_samples_per_second: number;
  /** The whole run, summed over its segments (absent in logs of older versions). */
  run_wall_time_s?: number;
  run_train_samples_per_second?: number;
  /** Steps the run was resumed at, in order. */
  resumed_at?: number[];
  best_step: number | null;
  best_metric: number | null;
}

export type MetricsEvent = TrainEvent | EvalEvent | EndEvent;

export interface LogOptions {
  onWarning?: (message: string) => void;
}

export interface OpenOptions extends LogOptions {
  /** The resumed checkpoint's trainer_state log_history: rebuilds a lost log instead of one that starts mid-run. */
  history?: readonly LogHistoryEntry[];
  /** Names the history's file in messages. */
  historySource?: string;
}

const warnOf = (o: LogOptions) => o.onWarning ?? ((m: string) => console.warn(m));

/**
 * Parses a metrics.jsonl file. A torn last line (a crash mid-append) is dropped with a warning; a
 * bad line anywhere else is an error naming the line. A missing file is an empty log.
 */
export async function readMetricsLog(path: string, options: LogOptions = {}): Promise<MetricsEvent[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as { code?: string }).code === 'ENOENT') return [];
    throw new BertfitError(`cannot read ${path}: ${errorMessage(err)}`, { cause: err });
  }
  const lines = text.split('\n');
  const complete = text.endsWith('\n') || text === '';
  const events: MetricsEvent[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '') continue;
    const last = i === lines.length - 1 || (i === lines.length - 2 && lines[i + 1] === '');
    const parsed = parseEvent(line, `${path} line ${i + 1}`);
    if (parsed.kind === 'ok' && (complete || !last)) {
      events.push(parsed.event);
    } else if (last) {
      warnOf(options)(`dropping the torn last line ${i + 1} of ${path} (a crash mid-write): ${line.slice(0, 80)}`);
    } else if (parsed.kind === 'bad') {
      throw parsed.error;
    }
  }
  return events;
}

type Parsed = { kind: 'ok'; event: MetricsEvent } | { kind: 'bad'; error: unknown };

function parseEvent(line: string, source: string): Parsed {
  try {
    return { kind: 'ok', event: parseJson(line, metricsEventSchema, source) };
  } catch (err) {
    return { kind: 'bad', error: err };
  }
}

/** Appends events to `<runDir>/logs/metrics.jsonl`, one line each, fsynced (events are rare: every logEvery steps). */
export class MetricsLog {
  private constructor(readonly path: string) {}

  /**
   * Opens the log of a run. `resumeFromStep` null: a fresh run (an existing log is an error). A
   * number: drops events after that step, the torn tail and `end` events, so the history equals an
   * uninterrupted run's once the resumed run has appended its own.
   */
  static async open(runDir: string, resumeFromStep: number | null, options: OpenOptions = {}): Promise<MetricsLog> {
    const path = join(runDir, METRICS_LOG_PATH);
    await mkdir(dirname(path), { recursive: true });
    const existing = await readMetricsLog(path, options);
    if (resumeFromStep === null) {
      if (existing.length > 0) {
        throw new BertfitError(`${path} already holds ${existing.length} events; resume the run or start it in an empty dir`);
      }
      await writeFileAtomic(path, '');
    } else {
      let kept = existing.filter((e) => e.type !== 'end' && e.step <= resumeFromStep);
      const history = (options.history ?? []).filter((h) => h.step <= resumeFromStep);
      const source = options.historySource ?? 'trainer_state.json';
      if (kept.length === 0 && history.length > 0) {
        kept = history.map(fromLogHistoryEntry);
        warnOf(options)(
          `${path} is missing or empty; rebuilt its ${kept.length} events up to step ${resumeFromStep} from ${source} (without timings or per-class metrics, which that history does not keep)`,
        );
      } else if (history.length > 0 && kept.length > 0 && kept[0]!.step > history[0]!.step) {
        throw new BertfitError(
          `${path} starts at step ${kept[0]!.step}, but ${source} has history from step ${history[0]!.step}: the log lost its beginning. Restore it, or delete it to have it rebuilt from ${source}`,
        );
      }
      await writeFileAtomic(path, kept.map((e) => `${JSON.stringify(e)}\n`).join(''));
    }
    return new MetricsLog(path);
  }

  async append(event: MetricsEvent): Promise<void> {
    const handle = await open(this.path, 'a');
    try {
      await handle.write(`${JSON.stringify(event)}\n`);
      await handle.sync();
    } catch (err) {
      throw new BertfitError(`cannot append to ${this.path}: ${errorMessage(err)}`, { cause: err });
    } finally {
      await handle.close();
    }
  }
}

/** An event back from its HF `log_history` form (a lost log rebuilt on resume). */
export function fromLogHistoryEntry(entry: LogHistoryEntry): TrainEvent | EvalEvent {
  const num = (key: string): number => entry[key] as number;
  if (entry.eval_loss === undefined) {
    return { type: 'train', step: entry.step, epoch: entry.epoch, loss: num('loss'), lr: num('learning_rate'), grad_norm: num('grad_norm') };
  }
  const event: EvalEvent = {
    type: 'eval',
    step: entry.step,
    epoch: entry.epoch,
    loss: num('eval_loss'),
    accuracy: num('eval_accuracy'),
    precision_macro: num('eval_precision_macro'),
    recall_macro: num('eval_recall_macro'),
    f1_macro: num('eval_f1_macro'),
    f1_weighted: num('eval_f1_weighted'),
  };
  return event;
}

/** The HF `log_history` form of an event (train: loss/learning_rate/grad_norm; eval: `eval_*`). */
export function toLogHistoryEntry(event: TrainEvent | EvalEvent): LogHistoryEntry {
  if (event.type === 'train') {
    return { epoch: event.epoch, grad_norm: event.grad_norm, learning_rate: event.lr, loss: event.loss, step: event.step };
  }
  const entry: LogHistoryEntry = { epoch: event.epoch, step: event.step };
  for (const key of ['loss', 'accuracy', 'precision_macro', 'recall_macro', 'f1_macro', 'f1_weighted', 'runtime_s', 'samples_per_second'] as const) {
    const v = event[key];
    if (v !== undefined) entry[`eval_${key === 'runtime_s' ? 'runtime' : key}`] = v;
  }
  return entry;
}
