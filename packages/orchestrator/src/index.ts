// @bertfit/orchestrator: runs bertfit jobs locally or on SLURM — the checkpoint auto-evaluator and sweeps.

// The two workflows.
export { runAuto, autoSettings, type AutoOptions } from './auto/run-auto.js';
export { autoOutcomeLines, describeStop, type AutoSummary } from './auto/auto-report.js';
export type { AutoSettings, EvalPoint, AutoStopReason } from './auto/auto-machine.js';
export { runSweep, type SweepOptions, type SweepSummary } from './sweep/run-sweep.js';
export { parseGridArg, withGridArgs, type GridArgs } from './sweep/grid-args.js';
export { planSweep, planLines, type SweepPlan } from './sweep/sweep-plan.js';
export type { LeaderboardRow } from './sweep/leaderboard.js';
export { writeSweepReport, type SweepReport } from './report/sweep-report.js';
export type { TrialRecord, TrialState } from './sweep/trial-record.js';
export type { AutoConfig, OrchestratorConfig, RunConfigLike, SweepConfig } from './config-types.js';

// Executors behind one interface, job states as a union, and the commands jobs run.
export { createExecutor } from './create-executor.js';
export type { ArrayOptions, Executor, JobHandle, JobResources, JobSpec } from './jobs/executor.js';
export { describeState, isTerminal, type JobState, type JobStateName } from './jobs/job-state.js';
export type { PollOptions } from './jobs/poll.js';
export { bertfitCommands, type JobCommands } from './jobs/commands.js';
export { LocalExecutor, type LocalExecutorOptions } from './local/local-executor.js';
export { SlurmExecutor } from './slurm/slurm-executor.js';
export { SlurmClient, SlurmCommandError, type SlurmClientOptions } from './slurm/slurm-client.js';
export type { SlurmConfig } from './slurm/slurm-config.js';

// Types that the signatures above use.
export type { TrialPlan } from './sweep/search-space.js';
export type { BowBaselineResult } from './report/bow-baseline.js';
export type { InferScores } from './jobs/result-files.js';
