import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveConfig } from '@bertfit/config';
import { train } from './trainer.js';
import { RUN_TALLY_KEY } from './run-tally.js';
import type { StopSignal } from './stop-signal.js';
import { quiet, TINY_RUN } from '../../test/tiny-run.js';

// The tiny demo model: 4 optimizer steps of 32 rows.
const SET = [...TINY_RUN, 'train.maxSteps=4', 'train.evalEvery=2', 'train.saveEvery=2', 'train.logEvery=1'];
// hidden 32, intermediate 64, 1 layer, 3 labels: the encoder layer, the pooler and the classifier (embedding LayerNorm counts, its tables not)
const NON_EMBEDDING_PARAMS = 2 * 32 + (4 * (32 * 32 + 32) + 2 * 32 + (32 * 64 + 64) + (64 * 32 + 32) + 2 * 32) + (32 * 32 + 32) + (32 * 3 + 3);

const stopNow: StopSignal = { requested: true, reason: 'SIGINT', dispose: () => undefined };

function state(file: string) {
  return JSON.parse(readFileSync(file, 'utf8')) as {
    total_flos: number;
    log_history: Record<string, number>[];
    stateful_callbacks: Record<string, { attributes: Record<string, unknown> }>;
  };
}

describe('whole-run accounting', () => {
  it("a resumed run reports HF's train summary, total_flos and wall time over both segments, as an uninterrupted run would", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bertfit-tally-'));
    const straight = await train(resolveConfig({ preset: 'demo', cwd: dir, set: [...SET, 'name=straight'] }), quiet);
    const config = resolveConfig({ preset: 'demo', cwd: dir, set: [...SET, 'name=resumed'] });
    const stopped = await train(config, { ...quiet, stop: stopNow });
    expect(stopped).toMatchObject({ status: 'stopped', lastStep: 1 });
    const resumed = await train(config, { ...quiet, resume: 'latest' });
    expect(resumed).toMatchObject({ status: 'completed', lastStep: 4 });

    const a = state(join(straight.runDir, 'trainer_state.json'));
    const b = state(join(resumed.runDir, 'trainer_state.json'));
    // HF's estimate, 6 · non-embedding parameters · input_ids.numel(): same batches, same count
    expect(b.total_flos).toBe(a.total_flos);
    const tokens = a.total_flos / (6 * NON_EMBEDDING_PARAMS);
    expect(Number.isInteger(tokens)).toBe(true);
    expect(tokens).toBeGreaterThanOrEqual(4 * 32 * 3); // 4 steps of 32 rows, [CLS] text [SEP] at least
    expect(tokens).toBeLessThanOrEqual(4 * 32 * 128);
    const summary = b.log_history.at(-1)!;
    expect(Object.keys(summary).sort()).toEqual(['epoch', 'step', 'total_flos', 'train_loss', 'train_runtime', 'train_samples_per_second', 'train_steps_per_second']);
    expect(summary).toMatchObject({ step: 4, total_flos: b.total_flos });
    // the same steps' losses in both runs: the mean train loss agrees
    expect(summary.train_loss).toBeCloseTo(a.log_history.at(-1)!.train_loss!, 5);
    // rates over the whole runtime (HF rounds them to 3 digits, the runtime to 4)
    expect(summary.train_steps_per_second! * summary.train_runtime!).toBeCloseTo(4, 1);
    expect(summary.train_samples_per_second! * summary.train_runtime!).toBeCloseTo(4 * 32, 0);
    // the checkpoint keeps the run's tally (HF ignores callback states it has no callback for)
    expect(state(join(resumed.runDir, 'checkpoint-4', 'trainer_state.json')).stateful_callbacks[RUN_TALLY_KEY]!.attributes).toMatchObject({ resumed_at: [1] });

    const end = JSON.parse(
      readFileSync(join(resumed.runDir, 'logs', 'metrics.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .at(-1)!,
    );
    expect(end).toMatchObject({ type: 'end', resumed_at: [1], run_wall_time_s: summary.train_runtime });
    expect(end.run_wall_time_s).toBeGreaterThan(end.wall_time_s * 0.999 - 1e-3);
    const md = readFileSync(join(resumed.runDir, 'report', 'summary.md'), 'utf8');
    expect(md).toMatch(/\| wall time \| .* \(whole run: 2 segments, resumed at step 1; last segment .*\) \|/);
    expect(md).toMatch(/\| train samples\/s \| [\d.]+ \(whole run; last segment [\d.]+\) \|/);
    // the plots mark the resume; the uninterrupted run's have no mark
    for (const chart of ['loss', 'learning-rate', 'validation']) expect(readFileSync(join(resumed.runDir, 'report', `${chart}.svg`), 'utf8')).toContain('>resumed</text>');
    expect(readFileSync(join(straight.runDir, 'report', 'loss.svg'), 'utf8')).not.toContain('resumed');
  }, 180_000);
});
