import { describe, expect, it } from '@jest/globals';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSafetensors } from '../io/safetensors.js';
import { ABANDONED_DIR } from '../rundir/abandon.js';
import { latestCheckpoint, listCheckpoints } from '../rundir/checkpoint-index.js';
import { readMetricsLog, type MetricsEvent } from '../rundir/metrics-log.js';
import type { StopSignal } from './stop-signal.js';
import { train } from './trainer.js';
import { checkpointDir, checkpointDirName } from '../rundir/checkpoint-name.js';
import { stopAfter } from '../../test/stop-after.js';
import { tinyConfig } from '../../test/tiny-run.js';

// Real runs of the tiny demo model, in process: a run, a resume from an older checkpoint, a moved run dir.
const TIMELINE = ['train.maxSteps=8', 'train.evalEvery=2', 'train.saveEvery=2', 'train.logEvery=1', 'train.earlyStopping.patience=null'];
const config = (dir: string, set: string[] = []) => tinyConfig(dir, [...TIMELINE, ...set]);

function runOpts(extra: { resume?: string; stop?: StopSignal } = {}) {
  const lines: string[] = [];
  return { lines, opts: { log: (l: string) => void lines.push(l), progress: { write: () => true }, ...extra } };
}

const writtenAt = (ckpt: string): string => (JSON.parse(readFileSync(join(ckpt, '.complete'), 'utf8')) as { writtenAt: string }).writtenAt;
const stepsOf = (events: MetricsEvent[], type: MetricsEvent['type']) => events.filter((e) => e.type === type).map((e) => e.step);
const state = (dir: string) => JSON.parse(readFileSync(join(dir, 'trainer_state.json'), 'utf8')) as { best_model_checkpoint: string | null; log_history: { step: number }[] };

describe('resume from an older checkpoint', () => {
  it('moves the newer timeline aside; later checkpoints, rotation, best pointer and metrics log follow the new one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bertfit-timeline-'));
    const set = ['train.saveTotalLimit=3'];
    const runDir = join(dir, 'runs', 'demo');
    const first = await train(config(dir, set), runOpts({ stop: stopAfter(6) }).opts);
    expect(first).toMatchObject({ reason: 'signal', lastStep: 6 });
    expect((await listCheckpoints(runDir)).map((c) => c.step)).toEqual([2, 4, 6]);
    const oldLog = readFileSync(join(runDir, 'logs', 'metrics.jsonl'), 'utf8');
    const oldWritten = [4, 6].map((s) => writtenAt(checkpointDir(runDir, s)));

    // 1. resume from checkpoint-2 and stop at step 3
    const second = runOpts({ resume: join(runDir, 'checkpoint-2'), stop: stopAfter(1) });
    expect(await train(config(dir, set), second.opts)).toMatchObject({ reason: 'signal', lastStep: 3, bestCheckpoint: join(runDir, 'checkpoint-2') });
    const [aside, ...more] = readdirSync(join(runDir, ABANDONED_DIR)).map((n) => join(runDir, ABANDONED_DIR, n));
    expect(more).toEqual([]);
    expect(second.lines).toContain(
      `resume: trainer_state.json, best, checkpoint-6, checkpoint-4 belong to the timeline after step 2 that this resume replaces; moved aside to ${aside}`,
    );
    expect(readdirSync(aside!).sort()).toEqual(['best', 'checkpoint-4', 'checkpoint-6', 'logs', 'trainer_state.json']);
    expect(readFileSync(join(aside!, 'logs', 'metrics.jsonl'), 'utf8')).toBe(oldLog);
    expect((await listCheckpoints(runDir)).map((c) => c.step)).toEqual([2, 3]);
    expect((await latestCheckpoint(runDir))?.step).toBe(3);
    let events = await readMetricsLog(join(runDir, 'logs', 'metrics.jsonl'));
    expect(stepsOf(events, 'eval')).toEqual([2]);
    expect(stepsOf(events, 'train')).toEqual([1, 2, 3]);
    expect(stepsOf(events, 'end')).toEqual([3]);
    const at3 = state(join(runDir, 'checkpoint-3'));
    expect(at3.best_model_checkpoint).toBe('demo/checkpoint-2');
    expect(Math.max(...at3.log_history.map((e) => e.step))).toBe(3);

    // 2. `--resume latest` continues the new timeline (checkpoint-3), not the abandoned checkpoint-6
    const third = runOpts({ resume: 'latest' });
    const done = await train(config(dir, set), third.opts);
    expect(done).toMatchObject({ reason: 'max_steps', lastStep: 8 });
    expect(third.lines).toContain(`resuming from ${join(runDir, 'checkpoint-3')} at step 3 (epoch 0, micro-batch 3)`);
    expect(readdirSync(join(runDir, ABANDONED_DIR))).toHaveLength(1);
    const left = await listCheckpoints(runDir);
    expect(left.map((c) => c.dir)).toContain(done.bestCheckpoint);
    expect(
      left
        .filter((c) => c.dir !== done.bestCheckpoint)
        .map((c) => c.step)
        .slice(-2),
    ).toEqual([6, 8]);
    expect(left.length).toBeLessThanOrEqual(4);
    for (const [i, s] of [4, 6].entries()) {
      const now = left.find((c) => c.step === s);
      if (now) expect(writtenAt(now.dir)).not.toBe(oldWritten[i]);
    }
    events = await readMetricsLog(join(runDir, 'logs', 'metrics.jsonl'));
    expect(stepsOf(events, 'eval')).toEqual([2, 4, 6, 8]);
    expect(stepsOf(events, 'train')).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(stepsOf(events, 'end')).toEqual([8]);
    for (const d of [runDir, join(runDir, 'checkpoint-8')]) {
      expect(state(d).best_model_checkpoint).toBe(`demo/${checkpointDirName(done.best!.step)}`);
    }
    // Same config, so the new timeline retraces the abandoned one: same weights at step 6.
    const [a, b] = [join(aside!, 'checkpoint-6'), join(runDir, 'checkpoint-6')].map((d) => readSafetensors(join(d, 'model.safetensors')));
    const [wa, wb] = [await a!, await b!];
    for (const [name, t] of wa.tensors) {
      const u = wb.tensors.get(name)!.data;
      expect(t.data.every((x, i) => Math.abs(x - u[i]!) <= 1e-6)).toBe(true);
    }
    rmSync(dir, { recursive: true, force: true });
  }, 120_000);
});

describe('a moved run dir', () => {
  it('resumes and restores its best checkpoint from the new location, and says clearly when the best is missing', async () => {
    const before = mkdtempSync(join(tmpdir(), 'bertfit-before-'));
    // lr ~0: no evaluation beats the first, so the best stays checkpoint-2, written before the move
    const set = ['train.learningRate=1e-9', 'train.warmupSteps=0'];
    await train(config(before, set), runOpts({ stop: stopAfter(4) }).opts);
    expect(state(join(before, 'runs', 'demo', 'checkpoint-4')).best_model_checkpoint).toBe('demo/checkpoint-2');
    const after = mkdtempSync(join(tmpdir(), 'bertfit-after-'));
    mkdirSync(join(after, 'runs'));
    const moved = join(after, 'runs', 'moved');
    renameSync(join(before, 'runs', 'demo'), moved);
    rmSync(before, { recursive: true, force: true });
    const copy = join(after, 'runs', 'copy');
    cpSync(moved, copy, { recursive: true });

    const resumed = runOpts({ resume: 'latest' });
    const r = await train(config(after, [...set, 'name=moved']), resumed.opts);
    expect(r).toMatchObject({ reason: 'max_steps', lastStep: 8, bestCheckpoint: join(moved, 'checkpoint-2'), bestDir: join(moved, 'best') });
    expect(resumed.lines.filter((l) => l.startsWith('warning'))).toEqual([]);
    expect(state(moved).best_model_checkpoint).toBe('moved/checkpoint-2');
    const best = await readSafetensors(join(moved, 'best', 'model.safetensors'));
    const ckpt2 = await readSafetensors(join(moved, 'checkpoint-2', 'model.safetensors'));
    expect([...best.tensors.keys()]).toEqual([...ckpt2.tensors.keys()]);
    for (const [name, t] of best.tensors) expect(t.data).toEqual(ckpt2.tensors.get(name)!.data);

    // A copy made without the best checkpoint: the resume says what is missing and trains on.
    rmSync(join(copy, 'checkpoint-2'), { recursive: true });
    const partial = runOpts({ resume: 'latest' });
    const p = await train(config(after, [...set, 'name=copy']), partial.opts);
    expect(p).toMatchObject({ lastStep: 8, bestCheckpoint: null, bestDir: null });
    const bestMetric = (JSON.parse(readFileSync(join(copy, 'checkpoint-4', 'trainer_state.json'), 'utf8')) as { best_metric: number }).best_metric;
    expect(partial.lines).toContain(
      `warning: best_model_checkpoint "demo/checkpoint-2" in ${join(copy, 'checkpoint-4', 'trainer_state.json')}: no such checkpoint folder ` +
        `(looked for ${join(copy, 'checkpoint-2')}); it was deleted, moved aside, or the run dir was copied without it; ` +
        `best/ will be published only if a later evaluation beats best_metric ${bestMetric}`,
    );
    rmSync(after, { recursive: true, force: true });
  }, 120_000);
});
