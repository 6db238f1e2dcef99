import type { ResolvedConfig } from '@bertfit/config';
import type { AdamW } from '../optim/adamw.js';
import type { LossScalerOptions, LossScaleState } from '../optim/loss-scaler.js';
import type { Replicas } from '../runtime/replicas.js';
import type { ResidentRuntime } from '../runtime/resident-runtime.js';
import type { EarlyStoppingState } from './early-stopping.js';
import type { MetricsLog } from '../rundir/metrics-log.js';
import type { Prepared } from './prepare.js';
import type { ProgressReporter } from './progress.js';
import type { StopSignal } from './stop-signal.js';
import type { TrainerState } from '../rundir/trainer-state.js';

/** The fixed parts of one training run: config, prepared data/model, engine, optimizer, outputs. */
export interface RunContext {
  config: ResolvedConfig;
  runDir: string;
  prep: Prepared;
  /** One replica per train.devices entry: gradients of each step, and evaluation (on replica 0). */
  replicas: Replicas;
  optimizer: AdamW;
  /** GradScaler's settings for fp16 (train.lossScale and torch's factors). */
  lossScaler: LossScalerOptions;
  /** The resident-mode runtime (train.stepsPerRun > 1), else null. */
  resident: ResidentRuntime | null;
  /** Summed micro-batch gradients of the current optimizer step, ParamStore layout. */
  grads: Float32Array;
  metricsLog: MetricsLog;
  progress: ProgressReporter;
  stop: StopSignal;
  log: (line: string) => void;
  /** What tallyStep needs: HF's non-embedding parameter count, and when this segment began at which runtime. */
  tally: { parameters: number; segment: { startMs: number; runtimeBefore: number } };
}

/** What changes as the loop runs; everything here is saved in a checkpoint. */
export interface LoopState {
  /** Optimizer steps taken. */
  step: number;
  epoch: number;
  /** Global micro-batches (perDeviceBatchSize × replicas rows) of `epoch` already consumed. */
  batchInEpoch: number;
  earlyStopping: EarlyStoppingState;
  trainerState: TrainerState;
  /** Path of the checkpoint holding the best evaluation so far. */
  bestCheckpoint: string | null;
  /** Train losses since the last train log event (HF logs their mean). */
  lossesSinceLog: number[];
  /** fp16's dynamic loss scale; null for fp32 and bf16, which do not scale. */
  lossScale: LossScaleState | null;
}
