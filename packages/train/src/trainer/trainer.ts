import { existsSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { ResolvedConfig } from '@bertfit/config';
import { BertfitError, errorMessage } from '@bertfit/core';
import { AdamW } from '../optim/adamw.js';
import { GRAD_SCALER_DEFAULTS, initialLossScale, type LossScaleState } from '../optim/loss-scaler.js';
import { formatDevice, type Device } from '../runtime/device.js';
import { checkPrecision } from '../runtime/precision.js';
import { createReplicas } from '../runtime/replicas.js';
import { ResidentRuntime } from '../runtime/resident-runtime.js';
import { trainingDevices } from '../runtime/training-devices.js';
import { abandonNewerCheckpoints } from '../rundir/abandon.js';
import { bestCheckpointText, resolveBestCheckpoint } from '../rundir/best-checkpoint-path.js';
import { publishBest } from '../rundir/best-model.js';
import { readTrainingCheckpoint, type SavedState } from '../rundir/checkpoint-files.js';
import { LOSS_SCALE_FILE } from '../rundir/loss-scale-file.js';
import { latestGoodCheckpoint, listCheckpoints, verifyCheckpoint } from '../rundir/checkpoint-index.js';
import { checkpointStep } from '../rundir/checkpoint-name.js';
import { initialEarlyStoppingState } from './early-stopping.js';
import { MetricsLog } from '../rundir/metrics-log.js';
import { prepareTraining, type Prepared } from './prepare.js';
import { ProgressReporter, type ProgressStream } from './progress.js';
import { writeReport } from './report/write-report.js';
import { prepareRunDir, RUN_CONFIG_FILE } from '../rundir/run-dir.js';
import { checkSameConfig } from './resume-config.js';
import type { LoopState, RunContext } from './run-context.js';
import type { TrainStopReason } from '../rundir/metrics-event-schema.js';
import { installStopSignal, type StopSignal } from './stop-signal.js';
import { earlyStoppingFromTrainerState, newTrainerState, writeTrainerState, type TrainerState } from '../rundir/trainer-state.js';
import { trainLoop } from './loop.js';
import { markResumed, nonEmbeddingParameters, runTallyOf, trainSummaryEntry, withSegmentTime } from './run-tally.js';

export interface TrainOptions {
  /**
   * Continue from a checkpoint folder, or from the run's latest complete one ("latest"), or that if
   * there is one and else start fresh ("auto", what SLURM requeue scripts want).
   */
  resume?: string | 'latest' | 'auto' | null;
  /** Info and warning lines (default: stderr). */
  log?: (line: string) => void;
  /** Where the progress bar (TTY) or plain progress lines go (default: stderr). */
  progress?: ProgressStream;
  /** A stop flag; by default SIGINT/SIGTERM stop the run after a checkpoint. */
  stop?: StopSignal;
}

export interface TrainResult {
  status: 'completed' | 'stopped';
  reason: TrainStopReason;
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

const LATEST = ['latest', 'auto'];

async function resumePoint(runDir: string, resume: string, log: (l: string) => void): Promise<{ dir: string; step: number }> {
  if (!LATEST.includes(resume)) {
    const dir = resolve(resume);
    if (statSync(dir, { throwIfNoEntry: false })?.isFile())
      throw new BertfitError(
        `--resume ${resume}: ${dir} is a file; --resume takes a checkpoint-<step> folder${checkpointStep(basename(dirname(dir))) === null ? '' : ` (here ${dirname(dir)})`} or "latest"`,
      );
    const step = checkpointStep(basename(dir));
    if (step === null) throw new BertfitError(`--resume ${resume}: expected a checkpoint-<step> folder, "latest" or "auto"`);
    const verified = await verifyCheckpoint(dir, step);
    if (verified.kind !== 'complete') throw new BertfitError(`--resume ${resume}: ${dir} cannot be resumed from: ${verified.reason}`);
    return { dir, step };
  }
  const latest = await latestGoodCheckpoint(runDir, { onWarning: log });
  if (latest === null) throw new BertfitError(`--resume ${resume}: ${runDir} has no intact checkpoint to resume from`);
  return { dir: latest.dir, step: latest.step };
}

/**
 * `--resume latest` on a run killed before its first checkpoint has nothing to resume: it starts
 * fresh (saying so) and prepareRunDir moves the leftovers to abandoned/. `--resume auto` also starts
 * a run that does not exist yet. A corrupt-only run is not restarted: its checkpoints are evidence,
 * and the user decides.
 */
async function resumeMode(runDir: string, resume: string | null, log: (l: string) => void): Promise<'fresh' | 'resume'> {
  if (resume === null) return 'fresh';
  if (!LATEST.includes(resume)) return 'resume';
  if (!existsSync(runDir)) {
    if (resume === 'latest') return 'resume';
    log(`--resume auto: ${runDir} does not exist yet; starting the run fresh`);
    return 'fresh';
  }
  if ((await listCheckpoints(runDir, { onWarning: () => undefined })).length > 0) return 'resume';
  log(`--resume ${resume}: ${runDir} has no complete checkpoint (the run stopped before its first one); starting it fresh`);
  return 'fresh';
}

/** The command that continues this run after a stop: its own saved config, from its newest checkpoint. */
function resumeCommand(runDir: string): string {
  return `bertfit train --config ${join(runDir, RUN_CONFIG_FILE)} --resume latest`;
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

/** Why a resumed run has nothing left to do (it was saved at its last step or as it early-stopped), or null. */
function finishedAlready(s: LoopState, totalSteps: number, t: ResolvedConfig['train']): TrainStopReason | null {
  if (s.step >= totalSteps) return t.maxSteps !== null ? 'max_steps' : 'epochs';
  const patience = t.earlyStopping.patience;
  if (patience !== null && s.earlyStopping.badEvals >= patience) return 'early_stopping';
  return null;
}

/** An fp16 run continues with the checkpoint's loss scaler; a checkpoint without one was not trained in fp16. */
function resumedLossScale(saved: SavedState, from: string, t: ResolvedConfig['train']): LossScaleState | null {
  if (t.precision !== 'fp16') return null;
  if (saved.lossScale === null) throw new BertfitError(`cannot resume from ${from} with train.precision "fp16": it has no ${LOSS_SCALE_FILE} (it was not trained in fp16)`);
  return saved.lossScale;
}

/** Trains a model with the config's recipe into `<outputDir>/<name>/` (README "A run directory"). */
export async function train(config: ResolvedConfig, opts: TrainOptions = {}): Promise<TrainResult> {
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const t = config.train;
  // Devices and precision fail here (cuda without its provider, bf16 on a cpu), before anything is loaded or written.
  const devices = trainingDevices({ devices: t.devices, log });
  const precisionNote = checkPrecision(t.precision, devices[0]!);
  if (precisionNote !== null) log(precisionNote);
  const runDirPath = resolve(config.outputDir, config.name);
  const resuming = (await resumeMode(runDirPath, opts.resume ?? null, log)) === 'resume';
  if (resuming) await checkSameConfig(runDirPath, config);
  // Data and model first: a bad dataset or model folder fails before anything is written.
  const prep = await prepareTraining(config, log, devices.length);
  const prepared = await prepareRunDir({ outputDir: config.outputDir, name: config.name, config, mode: resuming ? 'resume' : 'fresh' });
  try {
    if (prepared.abandoned.kind === 'moved') log(`${prepared.abandoned.moved.join(', ')}: left by a run that never checkpointed; moved aside to ${prepared.abandoned.dir}`);
    return await trainInRunDir(config, prep, prepared.runDir, devices, resuming, opts, log);
  } finally {
    await prepared.lock.release();
  }
}

/** The run proper, with the run dir prepared and locked by this process. */
async function trainInRunDir(
  config: ResolvedConfig,
  prep: Prepared,
  runDir: string,
  devices: readonly Device[],
  resuming: boolean,
  opts: TrainOptions,
  log: (l: string) => void,
): Promise<TrainResult> {
  const t = config.train;
  const engine = {
    cfg: prep.bertConfig,
    threads: t.threads ?? undefined,
    dropout: config.model.dropout > 0 ? { seed: config.seed } : null,
    precision: t.precision,
  };
  const lossScaler = { ...GRAD_SCALER_DEFAULTS, initScale: t.lossScale.init, growthInterval: t.lossScale.growthInterval };
  const adamw = { beta1: t.adamBeta1, beta2: t.adamBeta2, eps: t.adamEpsilon, weightDecay: t.weightDecay };
  const optimizer = new AdamW(prep.store, adamw);
  const state: LoopState = {
    step: 0,
    epoch: 0,
    batchInEpoch: 0,
    earlyStopping: initialEarlyStoppingState(),
    bestCheckpoint: null,
    trainerState: newTrainerState({
      max_steps: prep.totalSteps,
      num_train_epochs: t.epochs,
      logging_steps: t.logEvery,
      eval_steps: t.evalEvery,
      save_steps: t.saveEvery,
      train_batch_size: t.perDeviceBatchSize,
    }),
    lossesSinceLog: [],
    lossScale: t.precision === 'fp16' ? initialLossScale(lossScaler) : null,
  };
  if (resuming) {
    const { dir: from, step: fromStep } = await resumePoint(runDir, opts.resume!, log);
    const saved = await readTrainingCheckpoint(from, prep.store, optimizer);
    if (saved.rng.seed !== config.seed) throw new BertfitError(`cannot resume from ${from}: it was trained with seed ${saved.rng.seed}, the config says ${config.seed}`);
    const lossScale = resumedLossScale(saved, from, t);
    // Only once the checkpoint is known to fit: a failed resume moves nothing.
    const abandoned = await abandonNewerCheckpoints(runDir, from, fromStep);
    if (abandoned.kind === 'moved') {
      log(`resume: ${abandoned.moved.join(', ')} belong to the timeline after step ${fromStep} that this resume replaces; moved aside to ${abandoned.dir}`);
    }
    Object.assign(state, {
      step: saved.rng.globalStep,
      epoch: saved.rng.epoch,
      batchInEpoch: saved.rng.batchInEpoch,
      trainerState: markResumed(saved.trainerState, saved.rng.globalStep),
      earlyStopping: earlyStoppingFromTrainerState(saved.trainerState),
      bestCheckpoint: await resumedBest(saved.trainerState, from, runDir, log),
      lossesSinceLog: saved.lossWindow,
      lossScale,
    });
    log(`resuming from ${from} at step ${state.step} (epoch ${state.epoch}, micro-batch ${state.batchInEpoch})`);
  }
  const metricsLog = await MetricsLog.open(runDir, resuming ? state.step : null, {
    onWarning: log,
    history: state.trainerState.log_history,
    historySource: `the resumed checkpoint's trainer_state.json`,
  });
  const replicas = await createReplicas({ runtime: engine, devices: devices.map(formatDevice), store: prep.store, classWeights: prep.classWeights });
  const resident =
    t.stepsPerRun > 1 ? await ResidentRuntime.create({ ...engine, device: devices[0]!, accumulation: t.gradientAccumulationSteps, adamw, maxGradNorm: t.maxGradNorm }) : null;
  const stop =
    opts.stop ??
    installStopSignal({
      onFirst: (sig) => log(`${sig}: stopping after the next checkpoint (send it again to exit at once); continue later with \`${resumeCommand(runDir)}\``),
    });
  const ctx: RunContext = {
    config,
    runDir,
    prep,
    replicas,
    optimizer,
    lossScaler,
    resident,
    grads: new Float32Array(prep.store.size),
    metricsLog,
    progress: new ProgressReporter({ stream: opts.progress ?? process.stderr }),
    stop,
    log,
    tally: { parameters: nonEmbeddingParameters(prep.store.specs), segment: { startMs: performance.now(), runtimeBefore: runTallyOf(state.trainerState).train_runtime } },
  };
  const started = ctx.tally.segment.startMs;
  const startStep = state.step;
  let reason: TrainStopReason;
  try {
    reason = finishedAlready(state, prep.totalSteps, t) ?? (await trainLoop(ctx, state));
  } finally {
    ctx.progress.finish();
    if (!opts.stop) stop.dispose();
    // Worker-thread replicas would keep the process alive after an error.
    await replicas.release();
    await resident?.release();
  }
  const wallTimeS = (performance.now() - started) / 1000;
  const samplesPerStep = t.perDeviceBatchSize * t.gradientAccumulationSteps * replicas.count;
  const samples = (state.step - startStep) * samplesPerStep;
  const bestDir = state.bestCheckpoint ? await publishBest(ctx, state.bestCheckpoint, prep.store) : null;
  const es = state.earlyStopping;
  const epoch = state.epoch + state.batchInEpoch / prep.microBatchesPerEpoch;
  // HF's last log of Trainer.train, over the whole run (every segment of it), saved in <run>/trainer_state.json.
  state.trainerState = withSegmentTime(state.trainerState, ctx.tally.segment); // up to now, not to the last step's start
  const summary = trainSummaryEntry(state.trainerState, { step: state.step, epoch, samplesPerStep });
  await ctx.metricsLog.append({
    type: 'end',
    step: state.step,
    epoch,
    reason,
    wall_time_s: wallTimeS,
    train_samples_per_second: samples / wallTimeS,
    run_wall_time_s: summary.train_runtime as number,
    run_train_samples_per_second: summary.train_samples_per_second as number,
    resumed_at: runTallyOf(state.trainerState).resumed_at,
    best_step: es.bestStep,
    best_metric: es.bestMetric,
  });
  await writeTrainerState(runDir, {
    ...state.trainerState,
    log_history: [...state.trainerState.log_history, summary],
    best_model_checkpoint: state.bestCheckpoint && bestCheckpointText(runDir, state.bestCheckpoint),
  });
  await writeReport(runDir, { onWarning: log });
  return {
    status: reason === 'signal' ? 'stopped' : 'completed',
    reason,
    signal: reason === 'signal' ? (stop.reason ?? 'SIGINT') : null,
    runDir,
    bestCheckpoint: state.bestCheckpoint,
    bestDir,
    lastStep: state.step,
    best: es.bestStep !== null && es.bestMetric !== null ? { step: es.bestStep, metric: es.bestMetric } : null,
    wallTimeS,
    trainSamplesPerSecond: samples / wallTimeS,
  };
}
