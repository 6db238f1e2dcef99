import { computePrf, type AverageMode, type PrfOptions, type PrfResult } from './prf.js';
import type { LabelVector } from './validate.js';

/**
 * precisionScore, recallScore and f1Score: one field of precisionRecallFscoreSupport each. As in
 * sklearn the default average is 'binary' (positive class posLabel = 1), which refuses
 * multiclass data: pass average 'macro' (the recipe's choice), 'micro', 'weighted' or null.
 */
export type ScoreOptions = PrfOptions;

type Field = 'precision' | 'recall' | 'f1';

function pick(result: PrfResult, field: Field): number | number[] {
  return result[field];
}

export function precisionScore(yTrue: LabelVector, yPred: LabelVector, options: ScoreOptions & { readonly average: null }): number[];
export function precisionScore(yTrue: LabelVector, yPred: LabelVector, options?: ScoreOptions & { readonly average?: AverageMode }): number;
export function precisionScore(yTrue: LabelVector, yPred: LabelVector, options?: ScoreOptions): number | number[];
export function precisionScore(yTrue: LabelVector, yPred: LabelVector, options: ScoreOptions = {}): number | number[] {
  return pick(computePrf('precisionScore', yTrue, yPred, options, 'binary', new Set(['precision'])), 'precision');
}

export function recallScore(yTrue: LabelVector, yPred: LabelVector, options: ScoreOptions & { readonly average: null }): number[];
export function recallScore(yTrue: LabelVector, yPred: LabelVector, options?: ScoreOptions & { readonly average?: AverageMode }): number;
export function recallScore(yTrue: LabelVector, yPred: LabelVector, options?: ScoreOptions): number | number[];
export function recallScore(yTrue: LabelVector, yPred: LabelVector, options: ScoreOptions = {}): number | number[] {
  return pick(computePrf('recallScore', yTrue, yPred, options, 'binary', new Set(['recall'])), 'recall');
}

export function f1Score(yTrue: LabelVector, yPred: LabelVector, options: ScoreOptions & { readonly average: null }): number[];
export function f1Score(yTrue: LabelVector, yPred: LabelVector, options?: ScoreOptions & { readonly average?: AverageMode }): number;
export function f1Score(yTrue: LabelVector, yPred: LabelVector, options?: ScoreOptions): number | number[];
export function f1Score(yTrue: LabelVector, yPred: LabelVector, options: ScoreOptions = {}): number | number[] {
  return pick(computePrf('f1Score', yTrue, yPred, options, 'binary', new Set(['f-score'])), 'f1');
}
