import type { ResolvedConfig } from './schema/index.js';
import { leafPaths, locate } from './schema-walk.js';
import { suggestKey } from './issues.js';
import { show } from './config-error.js';

/** Rules that span several fields; each returns a message naming the paths and values involved. */
export function crossCheck(c: ResolvedConfig): string[] {
  const problems: string[] = [];
  if (c.data.source === 'local' && c.data.trainFile === null) {
    problems.push('data.trainFile: null, but data.source is "local"; set data.trainFile to a CSV/TSV/JSONL/Parquet file');
  }
  if (new Set(c.data.labels).size !== c.data.labels.length) {
    problems.push(`data.labels: ${show(c.data.labels)} has duplicate names`);
  }
  const { hiddenSize, numAttentionHeads } = c.model.architecture;
  if (hiddenSize !== null && numAttentionHeads !== null && hiddenSize % numAttentionHeads !== 0) {
    problems.push(`model.architecture.hiddenSize: ${hiddenSize} is not divisible by model.architecture.numAttentionHeads ${numAttentionHeads}`);
  }
  if (Array.isArray(c.train.classWeights) && c.train.classWeights.length !== c.data.labels.length) {
    problems.push(`train.classWeights: ${c.train.classWeights.length} weights given for ${c.data.labels.length} labels (data.labels)`);
  }
  // "auto" is resolved where the job runs (train's training-devices.ts), which checks bf16 against what it found.
  const devices = c.train.devices === 'auto' ? null : c.train.devices;
  if (devices !== null && c.train.precision === 'bf16' && !devices.every((d) => d.startsWith('cuda:'))) {
    problems.push(
      `train.precision: "bf16" needs cuda devices (onnxruntime's CPU provider has no bfloat16 MatMul), but train.devices is ${show(devices)}; use "fp32" or "fp16" on cpu`,
    );
  }
  if (c.train.stepsPerRun > 1 && c.train.precision !== 'fp32') {
    problems.push(
      `train.stepsPerRun: ${c.train.stepsPerRun} (resident steps) runs AdamW inside the graph in fp32 only, but train.precision is "${c.train.precision}"; use stepsPerRun 1 with mixed precision`,
    );
  }
  const gpus = c.orchestrator.slurm.gpusPerTask;
  const beyond = devices?.filter((d) => d.startsWith('cuda:') && Number(d.slice(5)) >= (gpus ?? Infinity)) ?? [];
  if (c.orchestrator.executor === 'slurm' && beyond.length > 0) {
    problems.push(`train.devices: ${show(beyond)} beyond the ${gpus} GPU(s) of orchestrator.slurm.gpusPerTask; a job sees its GPUs as cuda:0..cuda:${gpus! - 1} (or use "auto")`);
  }
  if (c.train.stepsPerRun > 1 && (devices === null || devices.length > 1)) {
    problems.push(
      `train.stepsPerRun: ${c.train.stepsPerRun} (resident steps) runs on one device, but train.devices is ${show(c.train.devices)}; use stepsPerRun 1 with several replicas`,
    );
  }
  if (c.train.metricForBest === 'loss' && c.train.greaterIsBetter) {
    problems.push('train.greaterIsBetter: true, but train.metricForBest is "loss" (lower is better); set train.greaterIsBetter=false');
  }
  const sweep = c.orchestrator.sweep;
  if (sweep.strategy === 'random' && sweep.trials === null) {
    problems.push('orchestrator.sweep.trials: null, but orchestrator.sweep.strategy is "random"; set the number of trials');
  }
  const paths = new Set(leafPaths().map((p) => p.join('.')));
  for (const [key, space] of Object.entries(sweep.grid)) {
    if (!paths.has(key) || key.startsWith('orchestrator.')) {
      const loc = locate(key.split('.'));
      const hint = loc.kind === 'unknown' ? suggestKey(loc.at, loc.key, loc.known) : '';
      problems.push(`orchestrator.sweep.grid: "${key}" is not a config path a trial can vary.${hint}`);
    }
    if (!Array.isArray(space) && sweep.strategy === 'grid') {
      problems.push(`orchestrator.sweep.grid.${key}: a {min,max} range needs orchestrator.sweep.strategy "random"; a grid needs a list of values`);
    }
    if (!Array.isArray(space) && (space.min >= space.max || (space.log && space.min <= 0))) {
      problems.push(`orchestrator.sweep.grid.${key}: range ${show(space)} is empty or, with log, not positive`);
    }
  }
  return problems;
}
