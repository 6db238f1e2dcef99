// @bertfit/metrics: classification metrics exactly as scikit-learn 1.2.1 computes them, camelCased.
// Pure functions over integer class ids; no dependencies.

// The metrics.
export { accuracyScore, type AccuracyOptions } from './accuracy.js';
export { confusionMatrix, type ConfusionMatrixOptions } from './confusion-matrix.js';
export {
  precisionRecallFscoreSupport,
  type Average,
  type AverageMode,
  type PrfAveraged,
  type PrfOptions,
  type PrfPerLabel,
  type PrfResult,
  type ZeroDivision,
} from './prf.js';
export { f1Score, precisionScore, recallScore, type ScoreOptions } from './scores.js';
export {
  classificationReport,
  type ClassificationReport,
  type ClassificationReportDict,
  type ClassificationReportOptions,
  type ReportRow,
} from './report.js';
export { computeClassWeight } from './class-weight.js';

// Helpers sklearn has too: the label set of two vectors, and Python's fixed-point formatting.
export { uniqueLabels, type LabelVector } from './validate.js';
export { formatFixed } from './format-fixed.js';

// Errors and sklearn's warnings (handed to an `onWarning` callback, never printed).
export { MetricsError } from './errors.js';
export type { MetricsWarning, WarningSink } from './warnings.js';
