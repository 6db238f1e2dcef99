import { describe, it, expect, beforeEach, afterEach } from '@jest/globals';
import { appendFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MetricsLog, readMetricsLog, toLogHistoryEntry, type EvalEvent, type MetricsEvent, type TrainEvent } from './metrics-log.js';

let runDir: string;
let warnings: string[];
const collect = () => ({ onWarning: (m: string) => void warnings.push(m) });
beforeEach(async () => {
  runDir = await mkdtemp(join(tmpdir(), 'bertfit-log-'));
  warnings = [];
});
afterEach(async () => {
  await rm(runDir, { recursive: true, force: true });
});

const train = (step: number): TrainEvent => ({ type: 'train', step, epoch: step / 100, loss: 1 / step, lr: 1e-5, grad_norm: 2, samples_per_second: 50 });
const evalAt = (step: number): EvalEvent => ({
  type: 'eval',
  step,
  epoch: step / 100,
  loss: 0.5,
  accuracy: 0.8,
  precision_macro: 0.7,
  recall_macro: 0.71,
  f1_macro: 0.705,
  f1_weighted: 0.79,
});
const logPath = () => join(runDir, 'logs', 'metrics.jsonl');

async function writeRun(events: MetricsEvent[]): Promise<void> {
  const log = await MetricsLog.open(runDir, null);
  for (const e of events) await log.append(e);
}

describe('MetricsLog', () => {
  it('appends one JSON object per line, the first step included', async () => {
    await writeRun([train(1), train(50), evalAt(50)]);
    const text = await readFile(logPath(), 'utf8');
    expect(text.split('\n')).toHaveLength(4);
    expect(await readMetricsLog(logPath())).toEqual([train(1), train(50), evalAt(50)]);
  });

  it('on resume, drops events after the resumed step and the end event, so the history equals an uninterrupted run', async () => {
    const all: MetricsEvent[] = [train(1), train(50), evalAt(50), train(100), evalAt(100), train(150)];
    await writeRun(all);
    // The killed run had got past step 100's checkpoint and logged 150; it resumes from checkpoint-100.
    const log = await MetricsLog.open(runDir, 100, collect());
    expect(await readMetricsLog(logPath())).toEqual(all.slice(0, 5));
    await log.append(train(150));
    await log.append({ type: 'end', step: 150, epoch: 1.5, reason: 'max_steps', wall_time_s: 3, train_samples_per_second: 60, best_step: 100, best_metric: 0.705 });
    await MetricsLog.open(runDir, 150, collect());
    expect(await readMetricsLog(logPath())).toEqual(all);
  });

  it("on resume with the log lost, rebuilds it from the checkpoint's log_history instead of a history that starts mid-run", async () => {
    const history = [train(1), train(50), evalAt(50), train(100), evalAt(100)].map((e) => toLogHistoryEntry(e));
    await MetricsLog.open(runDir, 100, { ...collect(), history, historySource: 'checkpoint-100/trainer_state.json' });
    const rebuilt = await readMetricsLog(logPath());
    expect(rebuilt.map((e) => [e.type, e.step])).toEqual([
      ['train', 1],
      ['train', 50],
      ['eval', 50],
      ['train', 100],
      ['eval', 100],
    ]);
    expect(rebuilt[4]).toMatchObject({ f1_macro: evalAt(100).f1_macro, loss: evalAt(100).loss });
    expect(warnings[0]).toBe(
      `${logPath()} is missing or empty; rebuilt its 5 events up to step 100 from checkpoint-100/trainer_state.json (without timings or per-class metrics, which that history does not keep)`,
    );
  });

  it('on resume, a log that lost its beginning is an error', async () => {
    const history = [train(1), train(50), train(100)].map((e) => toLogHistoryEntry(e));
    await writeRun([train(100)]);
    await expect(MetricsLog.open(runDir, 100, { history })).rejects.toThrow(
      `${logPath()} starts at step 100, but trainer_state.json has history from step 1: the log lost its beginning`,
    );
  });

  it('tolerates a torn last line (drops it with a warning) and appends cleanly after it', async () => {
    await writeRun([train(1), train(50)]);
    await appendFile(logPath(), '{"type":"eval","step":50,"loss":0.');
    expect(await readMetricsLog(logPath(), collect())).toEqual([train(1), train(50)]);
    expect(warnings[0]).toBe(`dropping the torn last line 3 of ${logPath()} (a crash mid-write): {"type":"eval","step":50,"loss":0.`);
    const log = await MetricsLog.open(runDir, 50, collect());
    await log.append(evalAt(50));
    expect(await readMetricsLog(logPath())).toEqual([train(1), train(50), evalAt(50)]);
  });

  it('a bad line before the end is an error naming the line', async () => {
    await mkdir(join(runDir, 'logs'));
    await writeFile(logPath(), `${JSON.stringify(train(1))}\n{"type":"oops","step":2}\n${JSON.stringify(train(3))}\n`);
    await expect(readMetricsLog(logPath())).rejects.toThrow(`${logPath()} line 2: field type must be "train", "eval" or "end", got "oops"`);
    await writeFile(logPath(), `{"type":"train","step":-1}\n${JSON.stringify(train(3))}\n`);
    await expect(readMetricsLog(logPath())).rejects.toThrow('line 1: field step must be a non-negative integer, got -1');
  });

  it("checks each event's fields against its type, naming the line and the field", async () => {
    await mkdir(join(runDir, 'logs'));
    await writeFile(logPath(), `${JSON.stringify({ ...evalAt(50), f1_macro: '0.7' })}\n${JSON.stringify(train(60))}\n`);
    await expect(readMetricsLog(logPath())).rejects.toThrow(`${logPath()} line 1: field f1_macro must be a number, got "0.7"`);
    await writeFile(logPath(), `${JSON.stringify({ type: 'end', step: 9, epoch: 1, reason: 'bored' })}\n${JSON.stringify(train(60))}\n`);
    await expect(readMetricsLog(logPath())).rejects.toThrow(
      `${logPath()} line 1: field reason must be "max_steps", "epochs", "early_stopping" or "signal", got "bored" (and 4 more problems)`,
    );
  });

  it("reads an overflowed fp16 step's grad_norm back as the null it was written as", async () => {
    const overflow: MetricsEvent = { ...train(2), grad_norm: Number.POSITIVE_INFINITY };
    await writeRun([train(1), overflow]);
    expect((await readMetricsLog(logPath())).map((e) => (e.type === 'train' ? e.grad_norm : 'eval'))).toEqual([train(1).grad_norm, null]);
  });

  it('refuses to start a fresh log over an existing one', async () => {
    await writeRun([train(1)]);
    await expect(MetricsLog.open(runDir, null)).rejects.toThrow(`${logPath()} already holds 1 events; resume the run or start it in an empty dir`);
  });

  it('a missing log reads as empty', async () => {
    expect(await readMetricsLog(join(runDir, 'nothing.jsonl'))).toEqual([]);
  });
});

describe('toLogHistoryEntry', () => {
  it('uses HF names', () => {
    expect(toLogHistoryEntry(train(50))).toEqual({ epoch: 0.5, grad_norm: 2, learning_rate: 1e-5, loss: 0.02, step: 50 });
    expect(toLogHistoryEntry({ ...evalAt(50), runtime_s: 2, per_class: [] })).toEqual({
      epoch: 0.5,
      step: 50,
      eval_loss: 0.5,
      eval_accuracy: 0.8,
      eval_precision_macro: 0.7,
      eval_recall_macro: 0.71,
      eval_f1_macro: 0.705,
      eval_f1_weighted: 0.79,
      eval_runtime: 2,
    });
  });
});
