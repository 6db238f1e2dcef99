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
  if (c.train.precision === 'fp16' && !c.train.devices.every((d) => d.startsWith('cuda:'))) {
    problems.push(`train.precision: "fp16" needs cuda devices, but train.devices is ${show(c.train.devices)}; CPU trains in fp32`);
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
