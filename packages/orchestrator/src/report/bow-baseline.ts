import type { ResolvedConfig } from '@bertfit/config';
import { errorMessage } from '@bertfit/core';
import { accuracyScore, f1Score } from '@bertfit/metrics';
import { loadRunData } from '@bertfit/train';

/** A labelled text (@bertfit/data's Example has these and more). */
export interface LabelledText {
  text: string;
  label: number;
}

/** Words as BERT's basic tokenizer cuts ASCII text (lowercase; runs of letters and digits, single other characters). */
const words = (text: string): string[] => text.toLowerCase().match(/[a-z0-9]+|[^\sa-z0-9]/g) ?? [];

export interface BowBaselineOptions {
  /** Full-batch gradient steps. Default 300. */
  iterations?: number;
  /** Step size. Default 0.5. */
  learningRate?: number;
  /** L2 penalty on the weights (not the biases). Default 1e-3. */
  l2?: number;
}

export interface BowBaselineResult {
  accuracy: number;
  f1_macro: number;
  /** Distinct words of the train examples, the features. */
  vocabulary: number;
}

/** Each text as the sorted, distinct feature ids of its words (words unseen in training are dropped). */
function featurize(examples: readonly LabelledText[], vocab: Map<string, number>, grow: boolean): number[][] {
  return examples.map((e) => {
    const ids = new Set<number>();
    for (const w of words(e.text)) {
      if (grow && !vocab.has(w)) vocab.set(w, vocab.size);
      const id = vocab.get(w);
      if (id !== undefined) ids.add(id);
    }
    return [...ids].sort((a, b) => a - b);
  });
}

/** Class scores of one bag into `z`: bias + the weights of its words; returns the best class. */
function scoresInto(z: Float64Array, bag: readonly number[], w: Float64Array, b: Float64Array): number {
  const k = z.length;
  z.set(b);
  for (const f of bag) for (let c = 0; c < k; c++) z[c]! += w[f * k + c]!;
  let best = 0;
  for (let c = 1; c < k; c++) if (z[c]! > z[best]!) best = c;
  return best;
}

/**
 * A bag-of-words logistic regression (binary word presence, softmax over the labels, full-batch
 * gradient descent from zero weights, so it is deterministic without a seed), trained on `train` and
 * scored on `test`: the score a model needs to beat to show it reads word order (negation, "but").
 */
export function bowBaseline(train: readonly LabelledText[], test: readonly LabelledText[], numLabels: number, opts: BowBaselineOptions = {}): BowBaselineResult {
  const { iterations = 300, learningRate = 0.5, l2 = 1e-3 } = opts;
  const k = numLabels;
  const vocab = new Map<string, number>();
  const xTrain = featurize(train, vocab, true);
  const xTest = featurize(test, vocab, false);
  const w = new Float64Array(vocab.size * k);
  const b = new Float64Array(k);
  const z = new Float64Array(k);
  const gw = new Float64Array(w.length);
  const gb = new Float64Array(k);
  for (let it = 0; it < iterations; it++) {
    gw.fill(0);
    gb.fill(0);
    xTrain.forEach((bag, i) => {
      const max = z[scoresInto(z, bag, w, b)]!;
      let sum = 0;
      for (let c = 0; c < k; c++) sum += z[c] = Math.exp(z[c]! - max);
      for (let c = 0; c < k; c++) {
        const g = z[c]! / sum - (train[i]!.label === c ? 1 : 0);
        gb[c]! += g;
        for (const f of bag) gw[f * k + c]! += g;
      }
    });
    const n = Math.max(1, train.length);
    for (let j = 0; j < w.length; j++) w[j]! -= learningRate * (gw[j]! / n + l2 * w[j]!);
    for (let c = 0; c < k; c++) b[c]! -= (learningRate * gb[c]!) / n;
  }
  const pred = xTest.map((bag) => scoresInto(z, bag, w, b));
  const yTrue = test.map((e) => e.label);
  const labels = Array.from({ length: k }, (_, c) => c);
  return { accuracy: accuracyScore(yTrue, pred), f1_macro: f1Score(yTrue, pred, { average: 'macro', labels }), vocabulary: vocab.size };
}

/** Where a sweep keeps the baseline's test scores, beside best-test.json. */
export const BASELINE_FILE = 'baseline-test.json';

/**
 * The baseline on the run's own data: trained on the train part of the configured split, scored on
 * the test split. Null (with the reason logged) when there is no test split or the data cannot be read.
 */
export async function runDataBaseline(config: ResolvedConfig, log: (line: string) => void): Promise<BowBaselineResult | null> {
  try {
    const data = await loadRunData(config);
    if (data.test === null) return null;
    return bowBaseline(data.train, data.test, data.labels.length);
  } catch (err) {
    log(`sweep: the bag-of-words baseline was skipped: ${errorMessage(err)}`);
    return null;
  }
}
