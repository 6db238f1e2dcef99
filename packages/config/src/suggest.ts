/** Levenshtein distance, case-insensitive: enough to catch typos like `learningrate` or `lerningRate`. */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const row = [i];
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      row.push(Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost));
    }
    prev = row;
  }
  return prev[t.length]!;
}

/** The closest candidate within a distance that still looks like a typo, or null. */
export function nearest(word: string, candidates: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = editDistance(word, candidate);
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  const allowed = Math.max(2, Math.floor(word.length / 3));
  return bestDistance <= allowed ? best : null;
}

/**
 * Hugging Face TrainingArguments names (and common short forms) → bertfit config paths, so that a user
 * coming from HF Trainer is told the bertfit name instead of a distant typo match. Keys are compared
 * lowercased without "_" and "-" (see aliasOf), so `batchSize`, `batch_size` and `batch-size` all hit.
 */
const HF_ALIASES: Readonly<Record<string, string>> = {
  batchsize: 'train.perDeviceBatchSize',
  perdevicetrainbatchsize: 'train.perDeviceBatchSize',
  trainbatchsize: 'train.perDeviceBatchSize',
  perdeviceevalbatchsize: 'infer.batchSize',
  evalbatchsize: 'infer.batchSize',
  lr: 'train.learningRate',
  numtrainepochs: 'train.epochs',
  warmup: 'train.warmupSteps',
  lrschedulertype: 'train.scheduler',
  gradaccum: 'train.gradientAccumulationSteps',
  accumulationsteps: 'train.gradientAccumulationSteps',
  gradnorm: 'train.maxGradNorm',
  clip: 'train.maxGradNorm',
  loggingsteps: 'train.logEvery',
  evalsteps: 'train.evalEvery',
  savesteps: 'train.saveEvery',
  metricforbestmodel: 'train.metricForBest',
  earlystoppingpatience: 'train.earlyStopping.patience',
  earlystoppingthreshold: 'train.earlyStopping.threshold',
  dataloaderdroplast: 'train.dropLast',
  fp16: 'train.precision',
  bf16: 'train.precision',
  modelnameorpath: 'model.name',
  hiddendropoutprob: 'model.dropout',
  maxseqlength: 'data.maxLength',
  textcolumnname: 'data.textColumn',
  labelcolumnname: 'data.labelColumn',
  runname: 'name',
};

const normalise = (key: string) => key.toLowerCase().replace(/[_-]/g, '');

/**
 * The bertfit path an unknown key stands for: an HF alias, or an HF snake_case name whose camelCase
 * form is a bertfit leaf (warmup_steps → train.warmupSteps), looked up in `paths`; else null.
 */
export function aliasOf(key: string, paths: readonly string[]): string | null {
  const k = normalise(key);
  const aliased = HF_ALIASES[k];
  if (aliased !== undefined) return aliased;
  return paths.find((p) => normalise(p.split('.').at(-1)!) === k) ?? null;
}
