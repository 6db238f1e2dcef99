#!/usr/bin/env node
// bertfit from code, with plain `node` (the packages' build; `npm ci` builds it): train the demo model
// for a few steps, score new texts with the best checkpoint, and compute metrics on the demo test split.
//   node examples/train-and-score.mjs [outputDir]          (default: a fresh folder under the OS temp dir)
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveConfig } from '@bertfit/config';
import { demoDataset } from '@bertfit/data';
import { scoreTexts } from '@bertfit/infer';
import { accuracyScore, classificationReport, f1Score } from '@bertfit/metrics';
import { train } from '@bertfit/train';

const outputDir = process.argv[2] ?? mkdtempSync(join(tmpdir(), 'bertfit-example-'));

// The demo preset (embedded data, a 2-layer BERT from random init) for 120 optimizer steps instead of
// three epochs, so it takes seconds and the model stays weak (the point is the API). `set` takes the
// CLI's `--set path=value` strings.
const config = resolveConfig({
  preset: 'demo',
  set: [`outputDir=${outputDir}`, 'train.maxSteps=120', 'train.evalEvery=60', 'train.saveEvery=60', 'train.logEvery=60', 'train.threads=1'],
});

const run = await train(config, { log: (line) => console.error(line), progress: { write: () => true } });
console.log(`trained ${run.lastStep} steps into ${run.runDir}; best ${config.train.metricForBest} ${run.best?.metric.toFixed(4)} at step ${run.best?.step}`);
if (run.bestDir === null) throw new Error('the run saved no best checkpoint');

// Score texts held in memory: one { label, labelId, probabilities } per text, in input order.
const texts = ['omg the concert tonight was awesome', 'the bus is late again and i hate it', 'lunch is at noon'];
const scores = await scoreTexts(run.bestDir, texts, { maxLength: config.data.maxLength, threads: 1, workers: 1 });
for (const [i, s] of scores.entries()) console.log(`${s.label.padEnd(8)} ${s.probabilities.map((p) => p.toFixed(3)).join(' ')}  ${texts[i]}`);

// Metrics as scikit-learn computes them, on the demo test split (the same data the run was evaluated on).
const { test, labels } = demoDataset();
const predicted = await scoreTexts(
  run.bestDir,
  test.map((e) => e.text),
  { maxLength: config.data.maxLength, threads: 1, workers: 1 },
);
const yTrue = test.map((e) => e.label);
const yPred = predicted.map((s) => s.labelId);
const every = labels.map((_, id) => id);
console.log(`test accuracy ${accuracyScore(yTrue, yPred).toFixed(4)}, macro F1 ${f1Score(yTrue, yPred, { average: 'macro', labels: every, zeroDivision: 0 }).toFixed(4)}`);
console.log(classificationReport(yTrue, yPred, { labels: every, targetNames: labels, digits: 3, zeroDivision: 0 }).text);
