import { describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { train } from './trainer.js';
import { readMetricsLog } from '../rundir/metrics-log.js';
import { quiet, tinyConfig as config } from '../../test/tiny-run.js';

async function failure(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected the run to fail');
}

describe('train', () => {
  it('runs the demo recipe end to end: logs from step 1, evaluations, best/ and the report', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bertfit-train-'));
    const r = await train(config(dir, ['train.maxSteps=20', 'train.evalEvery=10', 'train.saveEvery=10', 'train.logEvery=5']), quiet);
    expect(r).toMatchObject({ status: 'completed', reason: 'max_steps', lastStep: 20 });
    const events = await readMetricsLog(join(r.runDir, 'logs', 'metrics.jsonl'));
    expect(events.filter((e) => e.type === 'train').map((e) => e.step)).toEqual([1, 5, 10, 15, 20]);
    expect(events.filter((e) => e.type === 'eval').map((e) => e.step)).toEqual([10, 20]);
    expect(events.at(-1)).toMatchObject({ type: 'end', step: 20, reason: 'max_steps' });
    expect(readdirSync(join(r.runDir, 'best')).sort()).toEqual(['.complete', 'config.json', 'model.safetensors', 'tokenizer.json', 'tokenizer_config.json', 'vocab.txt']);
    const hf = JSON.parse(readFileSync(join(r.runDir, 'best', 'config.json'), 'utf8'));
    expect(hf).toMatchObject({ model_type: 'bert', architectures: ['BertForSequenceClassification'], id2label: { 0: 'negative', 1: 'neutral', 2: 'positive' } });
    const state = JSON.parse(readFileSync(join(r.runDir, 'checkpoint-20', 'trainer_state.json'), 'utf8'));
    // stored relative to the run dir's parent (HF's <output_dir>/checkpoint-N text), so a moved run still finds it
    expect(state).toMatchObject({ global_step: 20, best_model_checkpoint: `demo/${basename(r.bestCheckpoint!)}`, logging_steps: 5, eval_steps: 10 });
    expect(readdirSync(join(r.runDir, 'report'))).toContain('summary.md');
    // the loss went down on this learnable data
    const losses = events.flatMap((e) => (e.type === 'train' ? [e.loss] : []));
    expect(losses.at(-1)!).toBeLessThan(losses[0]!);
  }, 120_000);

  it('refuses a cadence longer than the run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bertfit-train-'));
    expect(await failure(train(config(dir, ['train.maxSteps=5', 'train.evalEvery=10', 'train.saveEvery=5']), quiet))).toBe(
      'train.evalEvery is 10 but the run has only 5 optimizer steps (84 per epoch × 15 epochs, maxSteps 5); lower train.evalEvery',
    );
  });

  it('names what a model folder lacks', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bertfit-train-'));
    const model = join(dir, 'my-model');
    mkdirSync(model);
    expect(await failure(train(config(dir, ['model.name=my-model']), quiet))).toBe(`model folder ${model} has no config.json (model.name = ${model})`);
    writeFileSync(
      join(model, 'config.json'),
      JSON.stringify({ model_type: 'bert', vocab_size: 400, hidden_size: 32, num_hidden_layers: 1, num_attention_heads: 2, intermediate_size: 64 }),
    );
    writeFileSync(join(model, 'vocab.txt'), ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]', 'good', 'bad'].join('\n'));
    expect(await failure(train(config(dir, ['model.name=my-model', 'model.init=pretrained']), quiet))).toBe(
      `model folder ${model} has no model.safetensors (model.init is "pretrained"; use model.init=random to train from scratch)`,
    );
  });

  it('refuses to resume from a checkpoint of another architecture, and a run with another config', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bertfit-train-'));
    const small = await train(config(dir, ['name=small', 'train.maxSteps=2', 'train.evalEvery=2', 'train.saveEvery=2']), quiet);
    const wide = ['name=wide', 'model.architecture.hiddenSize=48', 'train.maxSteps=4', 'train.evalEvery=2', 'train.saveEvery=2'];
    await train(config(dir, [...wide.slice(0, 2), 'train.maxSteps=4', 'train.evalEvery=2', 'train.saveEvery=2']), quiet);
    const message = await failure(train(config(dir, wide), { ...quiet, resume: join(small.runDir, 'checkpoint-2') }));
    expect(message).toMatch(new RegExp(`^checkpoint ${join(small.runDir, 'checkpoint-2')} does not fit this run's architecture: .*shape`));
    const lr = config(dir, wide).train.learningRate;
    expect(await failure(train(config(dir, [...wide, 'train.learningRate=0.1', 'seed=7']), { ...quiet, resume: 'latest' }))).toBe(
      `cannot resume ${join(dir, 'runs', 'wide')}: this config differs from its run-config.json in seed (run 42, now 7), train.learningRate (run ${lr}, now 0.1); ` +
        "resume with the run's own settings (`bertfit train --resume <checkpoint>` with no --config or --set) or start a new run name",
    );
  }, 120_000);

  it('refuses to start a fresh run over an existing one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bertfit-train-'));
    const set = ['train.maxSteps=2', 'train.evalEvery=2', 'train.saveEvery=2'];
    await train(config(dir, set), quiet);
    expect(await failure(train(config(dir, set), quiet))).toMatch(
      /^refusing to start a fresh run in .*runs\/demo: it holds complete checkpoints \(checkpoint-2\)\. Resume it with/,
    );
  }, 60_000);

  it('resumes an early-stopped or finished run without training further', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bertfit-train-'));
    // lr 0: no evaluation ever improves on the first, so patience 1 stops at the second evaluation (step 4)
    const set = ['train.maxSteps=20', 'train.evalEvery=2', 'train.saveEvery=2', 'train.learningRate=1e-9', 'train.warmupSteps=0', 'train.earlyStopping.patience=1'];
    const first = await train(config(dir, set), quiet);
    expect(first).toMatchObject({ reason: 'early_stopping', lastStep: 4 });
    const again = await train(config(dir, set), { ...quiet, resume: 'latest' });
    expect(again).toMatchObject({ reason: 'early_stopping', lastStep: 4 });
    expect(await failure(train(config(dir, set), { ...quiet, resume: join(dir, 'runs', 'demo', 'best') }))).toBe(
      `--resume ${join(dir, 'runs', 'demo', 'best')}: expected a checkpoint-<step> folder, "latest" or "auto"`,
    );
    const weights = join(dir, 'runs', 'demo', 'checkpoint-4', 'model.safetensors');
    expect(await failure(train(config(dir, set), { ...quiet, resume: weights }))).toBe(
      `--resume ${weights}: ${weights} is a file; --resume takes a checkpoint-<step> folder (here ${join(dir, 'runs', 'demo', 'checkpoint-4')}) or "latest"`,
    );
  }, 60_000);

  it('--resume auto starts a run that does not exist, and resumes one that has a checkpoint', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bertfit-train-'));
    const set = ['train.maxSteps=2', 'train.evalEvery=2', 'train.saveEvery=2'];
    const lines: string[] = [];
    const first = await train(config(dir, set), { ...quiet, resume: 'auto', log: (l) => lines.push(l) });
    expect(first).toMatchObject({ status: 'completed', lastStep: 2 });
    expect(lines).toContain(`--resume auto: ${first.runDir} does not exist yet; starting the run fresh`);
    lines.length = 0;
    expect(await train(config(dir, set), { ...quiet, resume: 'auto', log: (l) => lines.push(l) })).toMatchObject({ status: 'completed', lastStep: 2 });
    expect(lines).toContain(`resuming from ${join(first.runDir, 'checkpoint-2')} at step 2 (epoch 0, micro-batch 2)`);
    // `latest` keeps refusing a run that is not there: a typo in the name should not start a new run
    expect(await failure(train(config(dir, [...set, 'name=typo']), { ...quiet, resume: 'latest' }))).toBe(`cannot resume: run dir ${join(dir, 'runs', 'typo')} does not exist`);
  }, 60_000);
});
