import type { Argv } from 'yargs';
import { configFrom, withConfigOptions, type ConfigArgs } from '../common-options.js';
import type { Output } from '../output.js';

interface OrchestrateArgs extends ConfigArgs {
  executor?: 'local' | 'slurm';
  grid?: string[];
  gridAdd?: string[];
  dryRun?: boolean;
}

/** --executor is a shorthand for --set orchestrator.executor=…; --grid replaces the config's grid, --grid-add merges into it. */
async function orchestrateConfig(args: OrchestrateArgs) {
  const { withGridArgs } = await import('@bertfit/orchestrator');
  const set = [...(args.set ?? [])];
  if (args.executor) set.push(`orchestrator.executor=${args.executor}`);
  return withGridArgs(configFrom({ ...args, set }), { grid: args.grid ?? [], gridAdd: args.gridAdd ?? [] });
}

function withExecutor(y: Argv) {
  return withConfigOptions(y).option('executor', {
    type: 'string',
    choices: ['local', 'slurm'] as const,
    describe: 'run the jobs as local processes or as SLURM batch jobs (default orchestrator.executor)',
  });
}

/** Aborts the run loop on SIGINT/SIGTERM; `what` tells the user what happens to the jobs. */
function abortOnSignal(io: Output, what: string): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const onSignal = (sig: NodeJS.Signals) => {
    io.err(`${sig}: ${what}`);
    controller.abort();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

export function autoCommand(io: Output) {
  return {
    command: 'auto',
    describe: 'train as a job, evaluate every checkpoint in step order as it appears, stop on the target or a drop, keep the best',
    builder: withExecutor,
    handler: async (args: OrchestrateArgs) => {
      const config = await orchestrateConfig(args);
      const { autoOutcomeLines, runAuto } = await import('@bertfit/orchestrator');
      const stop = abortOnSignal(io, 'stopping auto; submitted jobs keep running, run the same command again to resume it');
      try {
        const summary = await runAuto(config, { log: (l) => io.err(l), signal: stop.signal });
        for (const line of autoOutcomeLines(summary)) io.out(line);
      } finally {
        stop.dispose();
      }
    },
  };
}

export function sweepCommand(io: Output) {
  return {
    command: 'sweep',
    describe: 'run a grid or random hyper-parameter sweep, one trial per job, resumable from its ledger',
    builder: (y: Argv) =>
      withExecutor(y)
        .option('grid', {
          type: 'string',
          array: true,
          describe: "a config path and the values to try, e.g. --grid train.learningRate=1e-5,2e-5,3e-5 (repeatable); replaces the config's grid",
        })
        .option('grid-add', {
          type: 'string',
          array: true,
          describe: "like --grid, but merged into the config's grid (a path given again gets the new values)",
        })
        .option('dry-run', { type: 'boolean', describe: 'print the plan (the trials and their values) and exit without running anything' }),
    handler: async (args: OrchestrateArgs) => {
      const config = await orchestrateConfig(args);
      const { planLines, planSweep, runSweep } = await import('@bertfit/orchestrator');
      if (args.dryRun) {
        // The same planning (and checks) as a real run, which prints this plan itself before submitting.
        for (const line of planLines(config, planSweep(config))) io.out(line);
        io.out('sweep: --dry-run: nothing submitted');
        return;
      }
      const stop = abortOnSignal(io, 'stopping the sweep; submitted jobs keep running, run the same command again to resume it');
      try {
        const summary = await runSweep(config, { log: (l) => io.err(l), signal: stop.signal });
        io.out(`sweep: ${summary.records.length} trials in ${summary.sweepDir}`);
        if (summary.best) io.out(`sweep: best trial ${summary.best.name}: validation ${JSON.stringify(summary.best.metrics)}`);
        const t = summary.test;
        if (t) io.out(`sweep: best trial on the test split (scored once, n ${t.n}): accuracy ${t.accuracy?.toFixed(4)}, f1_macro ${t.f1_macro?.toFixed(4)}`);
        const b = summary.baseline;
        if (b) io.out(`sweep: bag-of-words baseline on the same test split: accuracy ${b.accuracy.toFixed(4)}, f1_macro ${b.f1_macro.toFixed(4)}`);
        io.out(`sweep: leaderboard ${summary.files.markdown}${summary.files.bestConfig ? `\nsweep: best config ${summary.files.bestConfig}` : ''}`);
        io.out(`sweep: report ${summary.files.report}`);
      } finally {
        stop.dispose();
      }
    },
  };
}
