// The README's example: `npx tsx --conditions=@bertfit/source packages/metrics/examples/quickstart.ts`
// from the repo root (the condition runs the sources; without it the import is the build).
import { accuracyScore, classificationReport, computeClassWeight, confusionMatrix, f1Score, precisionRecallFscoreSupport, type MetricsWarning } from '@bertfit/metrics';

const yTrue = [0, 1, 2, 2, 1, 0, 1, 2];
const yPred = [0, 2, 2, 2, 1, 0, 0, 2];

console.log(accuracyScore(yTrue, yPred));
console.log(f1Score(yTrue, yPred, { average: 'macro' }));
console.log(confusionMatrix(yTrue, yPred));
console.log(precisionRecallFscoreSupport(yTrue, yPred));
const report = classificationReport(yTrue, yPred, { targetNames: ['negative', 'neutral', 'positive'] });
console.log(report.text);
console.log(JSON.stringify(report.dict.accuracy), JSON.stringify(report.dict['macro avg']));
console.log(computeClassWeight('balanced', [0, 1, 2], yTrue));

// A class never predicted: precision 0/0 is set to 0 and reported, not printed.
const warnings: MetricsWarning[] = [];
const p = precisionRecallFscoreSupport([0, 1, 2], [0, 0, 2], { average: 'macro', onWarning: (w) => warnings.push(w) });
console.log(p.precision, warnings);
