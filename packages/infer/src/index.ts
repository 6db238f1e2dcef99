// @bertfit/infer: score checkpoints (files, splits or texts in memory) and export them for transformers.js.

// Scoring: `bertfit infer` as a function, and texts held in memory.
export { runInfer, type InferOptions, type InferRun } from './run-infer.js';
export { scoreTexts, type ScoreTextsOptions, type TextScore } from './score-texts.js';
export type { IdSource, InferInput, InferSplit } from './data/infer-examples.js';
export { PREDICTIONS_FORMATS, type PredictionRow, type PredictionsFormat } from './report/write-outputs.js';
export type { InferMetrics, InferResult } from './report/infer-metrics.js';

// Lower level: a checkpoint folder, its inference graph's bytes, and an onnxruntime classifier over them.
export { loadCheckpoint, SUPPORTED_MODEL_TYPES, type Checkpoint } from './checkpoint/load-checkpoint.js';
export { modelBytes, PRECISIONS, type Precision } from './runtime/model-bytes.js';
export { Classifier, softmaxRows, type PredictOptions, type SessionSettings } from './runtime/classifier.js';

// Export: a transformers.js model folder (fp32 and int8 ONNX, config, tokenizer).
export { exportForTransformersJs, type ExportOptions, type ExportResult } from './export/export-model.js';
