import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { RUN_CONFIG_FILE } from '@bertfit/train';
import type { JobCommands } from '../jobs/commands.js';
import type { Executor } from '../jobs/executor.js';
import { describeState } from '../jobs/job-state.js';
import { waitForJobs } from '../jobs/driver.js';
import type { PollOptions } from '../jobs/poll.js';
import { readInferResult, type InferScores } from '../jobs/result-files.js';
import { trialRunDir, type TrialRecord } from './trial-record.js';

/** Where a sweep keeps the test scores of its best trial (`bertfit infer --json` output). */
export const BEST_TEST_FILE = 'best-test.json';

export interface ScoreTestOptions {
  executor: Executor;
  commands: JobCommands;
  poll: PollOptions;
  log: (line: string) => void;
  env: Record<string, string>;
  signal?: AbortSignal;
}

/**
 * Scores the best trial's best checkpoint on the test split, once: the trials were compared on
 * validation, so this is the sweep's unbiased number. A re-run of a finished sweep reuses the file.
 * Returns null (and says why) when the trial has no checkpoint or the job fails, e.g. no test split.
 */
export async function scoreBestOnTest(sweepDir: string, best: TrialRecord, o: ScoreTestOptions): Promise<InferScores | null> {
  const resultFile = join(sweepDir, BEST_TEST_FILE);
  if (existsSync(resultFile)) return readInferResult(resultFile);
  const runDir = trialRunDir(best);
  if (!best.bestCheckpoint || runDir === null) {
    o.log(`sweep: trial ${best.index} has no best checkpoint; the test split is not scored`);
    return null;
  }
  // The trial's resolved config, which the trainer saved beside its checkpoints, names the data.
  const configFile = join(runDir, RUN_CONFIG_FILE);
  const argv = o.commands.infer({ checkpoint: best.bestCheckpoint, split: 'test', resultFile, configFile });
  const handle = await o.executor.submit({ name: `test-t${best.index}`, argv, cwd: process.cwd(), jobDir: join(sweepDir, 'test-job'), env: o.env });
  o.log(`sweep: scoring trial ${best.index}'s best checkpoint on the test split as job ${handle.id}`);
  const state = (await waitForJobs(o.executor, [handle], { poll: o.poll, signal: o.signal })).get(handle.id);
  const result = state?.state === 'COMPLETED' ? readInferResult(resultFile) : null;
  if (!result) o.log(`sweep: scoring the test split failed: job ${state ? describeState(state) : 'state unknown'}, result ${resultFile}`);
  return result;
}
