import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { BertfitError, errorMessage, type ResolvedConfig } from '@bertfit/config';
import { AdamW } from '../optim/adamw.js';
import { createReplicas } from '../runtime/replicas.js';
import { abandonNewerCheckpoints } from './abandon.js';
import { bestCheckpointText, resolveBestCheckpoint } from './best-checkpoint-path.js';
import { publishBest } from './best-model.js';
import { readTrainingCheckpoint } from './checkpoint-files.js';
import { checkComplete, checkpointStep, latestCheckpoint } from './checkpoint-index.js';
import { initialEarlyStoppingState } from './early-stopping.js';
import { MetricsLog } from './metrics-log.js';
import { prepareTraining } from './prepare.js';
import { ProgressReporter, type ProgressStream } from './progress.js';
import { writeReport } from './report/write-report.js';
import { prepareRunDir, RUN_CONFIG_FILE } from './run-dir.js';
import type { LoopState, RunContext, StopReason } from './run-context.js';
import { installStopSignal, type StopSignal } from './stop-signal.js';
import { earlyStoppingFromTrainerState, newTrainerState, readJson, writeTrainerState, type TrainerState } from './trainer-state.js';
import { trainLoop } from './loop.js';

export interface TrainOptions {
  /** Continue from a checkpoint folder, or from the run's latest complete one. */
  resume?: string | 'latest' | null;
  /** Info and warning lines (default: stderr). */
  log?: (line: string) => void;
  /** Where the progress bar (TTY) or plain progress lines go (default: stderr). */
  progress?: ProgressStream;
  /** A stop flag; by default SIGINT/SIGTERM stop the run after a checkpoint. */
  stop?: StopSignal;
}

export interface TrainResult {
  status: 'completed' | 'stopped';
  reason: StopReason;
  /** The signal that stopped the run (status "stopped"), else null. */
  signal: 'SIGINT' | 'SIGTERM' | null;
  runDir: string;
  /** The best checkpoint by metricForBest, and its copy as `best/`. */
  bestCheckpoint: string | null;
  bestDir: string | null;
  lastStep: number;
  best: { step: number; metric: number } | null;
  wallTimeS: number;
  trainSamplesPerSecond: number;
}

async function resumePoint(runDir: string, resume: string, log: (l: string) => void): Promise<{ dir: string; step: number }> {
  if (resume !== 'latest') {
    const dir = resolve(resume);
    const step = checkpointStep(basename(dir));
    if (step === null) throw new BertfitError(`--resume ${resume}: expected a checkpoint-<step> folder or "latest"`);
    const complete = await checkComplete(dir, step);
    if (complete.kind !== 'complete') throw new BertfitError(`--resume ${resume}: ${dir} is not a complete checkpoint (${complete.reason})`);
    return { dir, step };
  }
  const latest = await latestCheckpoint(runDir, { onWarning: log });
  if (latest === null) throw new BertfitError(`--resume latest: ${runDir} has no complete checkpoint to resume from`);
  return { dir: latest.dir, step: latest.step };
}

/** The resumed state's best checkpoint, found relative to the run dir it was read from (the run may have moved). */
async function resumedBest(state: TrainerState, from: string, runDir: string, log: (l: string) => void): Promise<string | null> {
  if (state.best_model_checkpoint === null) return null;
  try {
    return await resolveBestCheckpoint(state.best_model_checkpoint, { stateDir: from, runDir });
  } catch (err) {
    // Training can go on; only best/ suffers, and only if no later evaluation beats the lost one.
    log(`warning: ${errorMessage(err)}; best/ will be published only if a later evaluation beats best_metric ${state.best_metric}`);
    return null;
  }
}

/**
 * What decides the trajectory; threads and which devices may change between a run and its resume,
 * but not how many (the replicas split each global micro-batch, and resume counts those).
 */
function trajectory(c: Pick<ResolvedConfig, 'seed' | 'data' | 'model' | 'train'>) {
  const { threads: _threads, devices, ...train } = c.train;
  return { seed: c.seed, data: c.data, model: c.model, train: { ...train, replicas: devices.length } };
}

async function checkSameConfig(runDir: string, config: ResolvedConfig): Promise<void> {
  const file = join(runDir, RUN_CONFIG_FILE);
  if (!existsSync(file)) return;
  const saved = trajectory((await readJson(file, 'resume')) as unknown as ResolvedConfig);
  const now = trajectory(config);
  for (const key of ['seed', 'data', 'model', 'train'] as const) {
    if (JSON.stringify(saved[key]) !== JSON.stringify(now[key])) {
      throw new BertfitError(`cannot resume ${runDir}: its ${RUN_CONFIG_FILE} has a different "${key}" section than this config; resume with the same config (or start a new run name)`);
    }
  }
}

/** Why a resumed run has nothing left to do (it was saved at its last step or as it early-stopped), or null. */
function finishedAlready(s: LoopState, totalSteps: number, t: ResolvedConfig['train']): StopReason | null {
  if (s.step >= totalSteps) return t.maxSteps !== null ? 'max_steps' : 'epochs';
  const patience = t.earlyStopping.patience;
  if (patience !== null && s.earlyStopping.badEvals >= patience) return 'early_stopping';
  return null;
}

/** Trains a model with the config's recipe into `<outputDir>/<name>/` (see DESIGN.md "Run directory"). */
export async function train(config: ResolvedConfig, opts: TrainOptions = {}): Promise<TrainResult> {
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const resuming = opts.resume != null;
  const runDirPath = resolve(config.outputDir, config.name);
  if (resuming) await checkSameConfig(runDirPath, config);
  // Data and model first: a bad dataset or model folder fails before anything is written.
  const prep = await prepareTraining(config, log);
  const { runDir } = await prepareRunDir({ outputDir: config.outputDir, name: config.name, config, mode: resuming ? 'resume' : 'fresh' });
  const t = config.train;
  const optimizer = new AdamW(prep.store, { beta1: t.adamBeta1, beta2: t.adamBeta2, eps: t.adamEpsilon, weightDecay: t.weightDecay });
  const state: LoopState = {
    step: 0, epoch: 0, batchInEpoch: 0, earlyStopping: initialEarlyStoppingState(), bestCheckpoint: null,
    trainerState: newTrainerState({ max_steps: prep.totalSteps, num_train_epochs: t.epochs, logging_steps: t.logEvery, eval_steps: t.evalEvery, save_steps: t.saveEvery, train_batch_size: t.perDeviceBatchSize }),
    lossesSinceLog: [],
  };
  if (resuming) {
    const { dir: from, step: fromStep } = await resumePoint(runDir, opts.resume!, log);
    const saved = await readTrainingCheckpoint(from, prep.store, optimizer);
    if (saved.rng.seed !== config.seed) throw new BertfitError(`cannot resume from ${from}: it was trained with seed ${saved.rng.seed}, the config says ${config.seed}`);
    // Only once the checkpoint is known to fit: a failed resume moves nothing.
    const abandoned = await abandonNewerCheckpoints(runDir, from, fromStep);
    if (abandoned.kind === 'moved') {
      log(`resume: ${abandoned.moved.join(', ')} belong to the timeline after step ${fromStep} that this resume replaces; moved aside to ${abandoned.dir}`);
    }
    Object.assign(state, {
      step: saved.rng.globalStep, epoch: saved.rng.epoch, batchInEpoch: saved.rng.batchInEpoch, trainerState: saved.trainerState,
      earlyStopping: earlyStoppingFromTrainerState(saved.trainerState),
      bestCheckpoint: await resumedBest(saved.trainerState, from, runDir, log), lossesSinceLog: saved.lossWindow,
    });
    log(`resuming from ${from} at step ${state.step} (epoch ${state.epoch}, micro-batch ${state.batchInEpoch})`);
  }
  const metricsLog = await MetricsLog.open(runDir, resuming ? state.step : null, { onWarning: log });
  const replicas = await createReplicas({
    runtime: { cfg: prep.bertConfig, threads: t.threads ?? undefined, dropout: config.model.dropout > 0 ? { seed: config.seed } : null },
    devices: t.devices, store: prep.store, classWeights: prep.classWeights,
  });
  const stop = opts.stop ?? installStopSignal({ onFirst: (sig) => log(`${sig}: stopping after the next checkpoint (send it again to exit at once)`) });
  const ctx: RunContext = {
    config, runDir, prep, replicas, optimizer, grads: new Float32Array(prep.store.size),
    metricsLog, progress: new ProgressReporter({ stream: opts.progress ?? process.stderr }), stop, log,
  };
  const started = performance.now();
  const startStep = state.step;
  let reason: StopReason;
  try {
    reason = finishedAlready(state, prep.totalSteps, t) ?? (await trainLoop(ctx, state));
  } finally {
    ctx.progress.finish();
    if (!opts.stop) stop.dispose();
    // Worker-thread replicas would keep the process alive after an error.
    await replicas.release();
  }
  const wallTimeS = (performance.now() - started) / 1000;
  const samples = (state.step - startStep) * t.perDeviceBatchSize * t.gradientAccumulationSteps * replicas.count;
  const bestDir = state.bestCheckpoint ? await publishBest(ctx, state.bestCheckpoint, prep.store) : null;
  const es = state.earlyStopping;
  await ctx.metricsLog.append({
    type: 'end', step: state.step, epoch: state.epoch + state.batchInEpoch / prep.microBatchesPerEpoch, reason, wall_time_s: wallTimeS,
    train_samples_per_second: samples / wallTimeS, best_step: es.bestStep, best_metric: es.bestMetric,
  });
  if (state.bestCheckpoint) await writeTrainerState(runDir, { ...state.trainerState, best_model_checkpoint: bestCheckpointText(runDir, state.bestCheckpoint) });
  await writeReport(runDir, { onWarning: log });
  return {
    status: reason === 'signal' ? 'stopped' : 'completed', reason, signal: reason === 'signal' ? stop.reason ?? 'SIGINT' : null, runDir, bestCheckpoint: state.bestCheckpoint, bestDir, lastStep: state.step,
    best: es.bestStep !== null && es.bestMetric !== null ? { step: es.bestStep, metric: es.bestMetric } : null,
    wallTimeS, trainSamplesPerSecond: samples / wallTimeS,
  };
}
