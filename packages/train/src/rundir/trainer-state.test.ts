import { describe, it, expect, beforeEach, afterEach } from '@jest/globals';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { earlyStoppingFromTrainerState, newTrainerState, readTrainerState, withEarlyStopping, writeTrainerState } from './trainer-state.js';
import { readRngState, writeRngState, type RngState } from './rng-state.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bertfit-state-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const init = { max_steps: 1000, num_train_epochs: 12, logging_steps: 50, eval_steps: 250, save_steps: 250, train_batch_size: 64 };

describe('trainer_state.json', () => {
  it('round-trips with HF field names and keeps the early-stopping counter in stateful_callbacks', async () => {
    let state = newTrainerState(init);
    state.global_step = 500;
    state.epoch = 1.25;
    state.log_history.push({ step: 1, epoch: 0.01, loss: 1.1, learning_rate: 4e-8, grad_norm: 3.2 });
    state.log_history.push({ step: 500, epoch: 1.25, eval_loss: 0.7, eval_f1_macro: 0.71 });
    state = withEarlyStopping(state, { patience: 5, threshold: 0 }, { bestMetric: 0.71, bestStep: 250, badEvals: 1 });
    state.best_model_checkpoint = join('runs', 'x', 'checkpoint-250');
    await writeTrainerState(dir, state);
    const onDisk = JSON.parse(await readFile(join(dir, 'trainer_state.json'), 'utf8')) as Record<string, unknown>;
    expect(onDisk).toMatchObject({
      global_step: 500,
      best_metric: 0.71,
      best_global_step: 250,
      stateful_callbacks: {
        EarlyStoppingCallback: {
          args: { early_stopping_patience: 5, early_stopping_threshold: 0 },
          attributes: { early_stopping_patience_counter: 1 },
        },
      },
    });
    const back = await readTrainerState(dir);
    expect(back).toEqual(state);
    expect(earlyStoppingFromTrainerState(back)).toEqual({ bestMetric: 0.71, bestStep: 250, badEvals: 1 });
  });

  it('reads an HF file without best_global_step or stateful_callbacks (older transformers)', async () => {
    const hf = { ...newTrainerState(init), global_step: 10 } as Record<string, unknown>;
    delete hf.best_global_step;
    delete hf.stateful_callbacks;
    await writeFile(join(dir, 'trainer_state.json'), JSON.stringify(hf));
    const back = await readTrainerState(dir);
    expect(earlyStoppingFromTrainerState(back)).toEqual({ bestMetric: null, bestStep: null, badEvals: 0 });
  });

  it("keeps fields it does not know and HF's own callback states, so a re-save loses nothing", async () => {
    const control = { args: { should_save: true }, attributes: {} };
    const hf = { ...newTrainerState(init), future_field: [1, 2], stateful_callbacks: { TrainerControl: control } };
    await writeFile(join(dir, 'trainer_state.json'), JSON.stringify(hf));
    expect(await readTrainerState(dir)).toEqual(hf);
  });

  it('errors name the file and the field', async () => {
    const path = join(dir, 'trainer_state.json');
    await expect(readTrainerState(dir)).rejects.toThrow(`cannot read ${path}: ENOENT`);
    await writeFile(path, '{"global_step": 1,');
    await expect(readTrainerState(dir)).rejects.toThrow(`${path} is not valid JSON: `);
    await writeFile(path, '[1]');
    await expect(readTrainerState(dir)).rejects.toThrow(`${path} must hold a JSON object, got [1]`);
    await writeFile(path, JSON.stringify({ ...newTrainerState(init), global_step: -3 }));
    await expect(readTrainerState(dir)).rejects.toThrow(`${path}: field global_step must be a non-negative integer, got -3`);
    await writeFile(path, JSON.stringify({ ...newTrainerState(init), log_history: [{ loss: 1 }] }));
    await expect(readTrainerState(dir)).rejects.toThrow(`${path}: field log_history.0.step must be a non-negative integer, got nothing`);
    // The patience counter a resume continues from is checked too (a hand-edited -1 or 1.5 is refused).
    const es = withEarlyStopping(newTrainerState(init), { patience: 5, threshold: 0 }, { bestMetric: 0.7, bestStep: 10, badEvals: 1 });
    (es.stateful_callbacks.EarlyStoppingCallback!.attributes as Record<string, unknown>).early_stopping_patience_counter = 1.5;
    await writeFile(path, JSON.stringify(es));
    await expect(readTrainerState(dir)).rejects.toThrow(
      `${path}: field stateful_callbacks.EarlyStoppingCallback.attributes.early_stopping_patience_counter must be a non-negative integer, got 1.5`,
    );
  });
});

describe('rng_state.json', () => {
  const rng: RngState = {
    format: 'bertfit-rng/1',
    seed: 42,
    epoch: 1,
    batchInEpoch: 37,
    globalStep: 230,
    dropoutCounter: 4600,
    generators: { shuffle: [1, 2, 0xffffffff, 0] },
  };

  it('round-trips', async () => {
    await writeRngState(dir, rng);
    expect(await readRngState(dir)).toEqual(rng);
  });

  it('rejects a wrong format, a negative counter and non-32-bit words, naming the field', async () => {
    const path = join(dir, 'rng_state.json');
    await writeFile(path, JSON.stringify({ ...rng, format: 'torch' }));
    await expect(readRngState(dir)).rejects.toThrow(`${path}: field format must be "bertfit-rng/1", got "torch"`);
    await writeFile(path, JSON.stringify({ ...rng, dropoutCounter: -1 }));
    await expect(readRngState(dir)).rejects.toThrow(`${path}: field dropoutCounter must be a non-negative integer, got -1`);
    await writeFile(path, JSON.stringify({ ...rng, generators: { shuffle: [2 ** 32] } }));
    await expect(readRngState(dir)).rejects.toThrow(`${path}: field generators.shuffle.0 must be a 32-bit unsigned integer, got 4294967296`);
    await writeFile(path, JSON.stringify({ ...rng, seed: undefined }));
    await expect(readRngState(dir)).rejects.toThrow(`${path}: field seed must be an integer, got nothing`);
  });
});
