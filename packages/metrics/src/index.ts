export { MetricsError } from './errors.js';
export type { MetricsWarning, WarningSink } from './warnings.js';
export { uniqueLabels, type LabelVector } from './validate.js';
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
export { formatFixed } from './format-fixed.js';
