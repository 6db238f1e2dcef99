// @bertfit/train: the engine (graph IR, autodiff, ONNX writer, onnxruntime runtime), the BERT model,
// the optimizer and the Trainer. Most users need only the first group.

// The Trainer: train(config) runs the recipe into <outputDir>/<name>; evaluation and its metrics.
export { train, type TrainOptions, type TrainResult } from './trainer/trainer.js';
export { TRAIN_STOP_REASONS, type TrainStopReason } from './rundir/metrics-event-schema.js';
export { prepareTraining, type Prepared } from './trainer/prepare.js';
export { evaluateSplit } from './trainer/evaluate.js';
export { predict, type LogitsRunner, type PredictOptions } from './runtime/predict.js';
export { evalMetrics, classificationSummary, argmaxRows, weightedCrossEntropy, type EvalMetrics, type ClassificationSummary, type ClassScores } from './trainer/eval-metrics.js';
export { loadRunData, type RunData } from './setup/run-data.js';
export { resolveModel, DEMO_MODEL, type ModelSource } from './setup/model-source.js';

// The run directory: checkpoints (atomic, with a .complete marker), trainer_state.json, rng state,
// early stopping, logs/metrics.jsonl, progress, stop signals, the best checkpoint and the report.
export { writeCheckpoint } from './rundir/checkpoint-writer.js';
export type { CheckpointFiles, FillCheckpoint } from './rundir/checkpoint-writer.js';
export { checkpointDir, checkpointDirName, checkpointStep } from './rundir/checkpoint-name.js';
export { COMPLETE_MARKER, checkpointManifestSchema, manifestFileSchema, type CheckpointManifest } from './rundir/checkpoint-manifest.js';
export { readJsonFile, parseJson, checkJson, JsonFileError } from './rundir/read-json-file.js';
export { scanCheckpoints, listCheckpoints, latestCheckpoint, checkComplete, rotateCheckpoints } from './rundir/checkpoint-index.js';
export type { CheckpointEntry, CheckpointScan, Completeness, IgnoredCheckpoint, ScanOptions, RotateOptions } from './rundir/checkpoint-index.js';
export { initialEarlyStoppingState, observeEvaluation, selectionValue, validateEarlyStopping } from './trainer/early-stopping.js';
export type { EarlyStoppingConfig, EarlyStoppingState, SelectionConfig, EvalVerdict } from './trainer/early-stopping.js';
export { TRAINER_STATE_FILE, newTrainerState, readTrainerState, writeTrainerState, withEarlyStopping, earlyStoppingFromTrainerState } from './rundir/trainer-state.js';
export type { TrainerState, TrainerStateInit, LogHistoryEntry } from './rundir/trainer-state.js';
export { RNG_STATE_FILE, readRngState, writeRngState } from './rundir/rng-state.js';
export type { RngState } from './rundir/rng-state.js';
export { METRICS_LOG_PATH, MetricsLog, readMetricsLog, toLogHistoryEntry } from './rundir/metrics-log.js';
export type { CoreMetrics, MetricsEvent, TrainEvent, EvalEvent, EndEvent, LogOptions } from './rundir/metrics-log.js';
export { ProgressReporter, formatBar, formatPlainLine, formatDuration, etaSeconds } from './trainer/progress.js';
export type { ProgressSnapshot, ProgressOptions, ProgressStream } from './trainer/progress.js';
export { installStopSignal } from './trainer/stop-signal.js';
export type { StopSignal, StopSignalName, StopSignalOptions, SignalSource } from './trainer/stop-signal.js';
export { prepareRunDir, RUN_CONFIG_FILE } from './rundir/run-dir.js';
export type { PrepareRunDirOptions, PreparedRunDir } from './rundir/run-dir.js';
export { bestCheckpointText, resolveBestCheckpoint, runDirOfStateDir, type ResolveBestOptions } from './rundir/best-checkpoint-path.js';
export { abandonNewerCheckpoints, ABANDONED_DIR, type AbandonResult } from './rundir/abandon.js';
export { writeReport } from './trainer/report/write-report.js';
export type { ReportPaths } from './trainer/report/write-report.js';
export { curveSpecs } from './trainer/report/curves.js';
export { lineChart, heatmapChart, type CurveSpec, type LinePoint, type HeatCell } from './trainer/report/chart-specs.js';
export { writeCharts, type ChartFiles } from './trainer/report/render.js';
export { summaryMarkdown, bestEvaluation, type SummaryInput } from './trainer/report/summary.js';

// The BERT model: HF config.json, parameter specs (HF names and layouts), init, pretrained weights, graphs.
export { parseBertConfig, readBertConfig, toHfConfigJson, withArchitectureOverrides } from './models/bert-config.js';
export type { BertConfig, BertOverrides } from './models/bert-config.js';
export { bertParameterSpecs, countParameters } from './models/bert-params.js';
export type { ParamSpec, ParamInit } from './models/bert-params.js';
export { initBertParams, fillNormal, tensorSeed } from './models/bert-init.js';
export { loadPretrainedWeights } from './models/pretrained.js';
export type { PretrainedLoadResult, PretrainedLoadOptions } from './models/pretrained.js';
export { buildBertEvalGraph, buildBertTrainGraph, WORD_EMBEDDINGS } from './models/bert-graph.js';
export type { BertEvalGraph, BertEvalGraphOptions, BertTrainGraph, DropoutSite } from './models/bert-graph.js';

// Optimization: AdamW (state file included), global-norm clipping, learning-rate schedules.
export { AdamW } from './optim/adamw.js';
export type { AdamWOptions, AdamWState } from './optim/adamw.js';
export { writeAdamWState, readAdamWState } from './optim/adamw-state-file.js';
export { globalGradNorm, clipGradNorm, clipCoefficient } from './optim/clip.js';
export { lrMultiplier } from './optim/schedule.js';
export type { SchedulerName, ScheduleOptions } from './optim/schedule.js';

// Tensors on disk: safetensors and float16.
export { parseSafetensors, readSafetensors, writeSafetensors, MAX_HEADER_BYTES } from './io/safetensors.js';
export type { SafetensorsFile, SafetensorsTensor, SafetensorsDtype, IgnoredTensor, WriteSafetensorsOptions } from './io/safetensors.js';
export { float32ToFloat16Bits, float16BitsToFloat32, toFloat16Array, fromFloat16Array } from './io/float16.js';

// The engine: graph IR, reverse-mode autodiff (one rule per op, one registry), the ONNX writer.
export { Graph, op, formatShape } from './graph/index.js';
export type { Attr, ConstData, Node, OutputSpec, Value, DType, Dim, Shape } from './graph/index.js';
export { gradients, GRAD_RULE_LIST } from './autodiff/index.js';
export type { GradientRequest, GradRule, GradContext } from './autodiff/index.js';
export { toOnnxBytes, OPSET, IR_VERSION } from './onnx/model.js';

// The runtime: devices, onnxruntime sessions, parameter buffers, the BERT step runner, dropout masks.
export { parseDevice, formatDevice } from './runtime/device.js';
export type { Device } from './runtime/device.js';
export { createSession, createSessionFromBytes, ortSessionOptions, sessionCreateError } from './runtime/session.js';
export type { SessionOptions, OptimizationLevel } from './runtime/session.js';
export { ParamStore } from './runtime/param-store.js';
export type { TensorLike } from './runtime/param-store.js';
export { BertRuntime } from './runtime/bert-runtime.js';
export type { BertRuntimeOptions, MicroStepResult, SessionTuning } from './runtime/bert-runtime.js';
// The batch the runtime runs is data's (padBatch), re-exported for code that drives the runtime directly.
export type { Batch } from '@bertfit/data';
export { int64Inputs, int64Tensors, type Int64Inputs } from './runtime/batch-feeds.js';
export { dropoutKey, fillKeepMask } from './runtime/dropout-masks.js';

// --- added with the GPU trainer and the reliability work ---

// Devices: the capability object (computed once, frozen), CUDA provider checks, train.devices "auto".
export { capabilities, detectCapabilities, capabilitySummary, formatCapabilities } from './runtime/capabilities.js';
export type { Capabilities } from './runtime/capabilities.js';
export { requireDeviceSupport, GPU_README } from './runtime/device-support.js';
export { visibleGpus, autoDevices } from './runtime/visible-gpus.js';
export { trainingDevices } from './runtime/training-devices.js';

// Mixed precision: autocast-style graphs, GradScaler's rules, what each device can run, the checkpoint file.
export { adamwStepScalars } from './optim/adamw.js';
export type { Precision } from './models/autocast.js';
export { GRAD_SCALER_DEFAULTS, initialLossScale, updateLossScale, classWeightSum } from './optim/loss-scaler.js';
export type { LossScalerOptions, LossScaleState } from './optim/loss-scaler.js';
export { checkPrecision } from './runtime/precision.js';
export type { MicroStepAt } from './runtime/bert-runtime.js';
export { LOSS_SCALE_FILE, readLossScale, writeLossScale } from './rundir/loss-scale-file.js';

// Data parallelism: replicas in worker threads, global micro-batches and their shards.
export { createReplicas } from './runtime/replicas.js';
export type { Replicas, ReplicaOptions, GradientSums } from './runtime/replicas.js';
export { globalBatchSize, shardBatch } from './runtime/shard-batch.js';
export type { Shard } from './runtime/shard-batch.js';
export { WorkerChannel, serveRequests } from './runtime/worker-channel.js';
export type { Answer } from './runtime/worker-channel.js';

// Resident steps (train.stepsPerRun): K optimizer steps per run through an ONNX Loop; bytes copied per run.
export { ResidentRuntime } from './runtime/resident-runtime.js';
export type { ResidentRuntimeOptions, ResidentRunResult } from './runtime/resident-runtime.js';
export { buildResidentTrainGraph } from './models/resident-graph.js';
export type { ResidentGraphOptions, ResidentTrainGraph } from './models/resident-graph.js';
export { CopyCounter, tensorBytes } from './runtime/copy-count.js';
export type { CopyKind, CopyTotals } from './runtime/copy-count.js';
export { inlineGraph } from './graph/inline.js';

// Checkpoint integrity: SHA-256 verification and the newest intact checkpoint.
export { latestGoodCheckpoint, verifyCheckpoint, verifyModelFolder } from './rundir/checkpoint-index.js';

// Types that the signatures above use.
export type { CudaProviderFiles, CudaNeeds } from './runtime/cuda-provider.js';
export type { NvidiaDevices } from './runtime/nvidia-devices.js';
export { CUDA_LIBRARY_KINDS, type CudaLibrary, type CudaLibraryKind } from './runtime/cuda-libraries.js';
export type { VisibleGpus } from './runtime/visible-gpus.js';
export type { TrainingDevicesOptions } from './runtime/training-devices.js';
export type { LineChartOptions, HeatmapOptions } from './trainer/report/chart-specs.js';
export type { Tensors } from './runtime/copy-count.js';
export type { StepPosition } from './runtime/replicas.js';
export type { ManifestFile } from './rundir/checkpoint-manifest.js';
export type { RunLock, RunLockHolder } from './rundir/run-lock.js';
export type { OpenOptions } from './rundir/metrics-log.js';
