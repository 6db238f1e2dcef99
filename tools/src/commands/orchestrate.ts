import type { Argv } from 'yargs';
import { configFrom, withConfigOptions, type ConfigArgs } from '../common-options.js';
import type { Output } from '../output.js';

interface OrchestrateArgs extends ConfigArgs {
  executor?: 'local' | 'slurm';
  grid?: string[];
}

/** --executor and --grid are shorthands for --set orchestrator.executor=… and --set orchestrator.sweep.grid.<path>=…. */
async function orchestrateConfig(args: OrchestrateArgs) {
  const { parseGridArg } = await import('@bertfit/orchestrator');
  const set = [...(args.set ?? [])];
  if (args.executor) set.push(`orchestrator.executor=${args.executor}`);
  for (const g of args.grid ?? []) {
    const [path, values] = parseGridArg(g);
    set.push(`orchestrator.sweep.grid.${path}=${JSON.stringify(values)}`);
  }
  return configFrom({ ...args, set });
}

function withExecutor(y: Argv) {
  return withConfigOptions(y).option('executor', {
    type: 'string', choices: ['local', 'slurm'] as const,
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
  return { signal: controller.signal, dispose: () => (process.off('SIGINT', onSignal), process.off('SIGTERM', onSignal)) };
}

export function autoCommand(io: Output) {
  return {
    command: 'auto',
    describe: 'train as a job, evaluate every checkpoint in step order as it appears, stop on the target or a drop, keep the best',
    builder: withExecutor,
    handler: async (args: OrchestrateArgs) => {
      const config = await orchestrateConfig(args);
      const { runAuto } = await import('@bertfit/orchestrator');
      const stop = abortOnSignal(io, 'stopping auto; submitted jobs keep running, run the same command again to resume it');
      try {
        const summary = await runAuto(config, { log: (l) => io.err(l), signal: stop.signal });
        const best = summary.best ? `${summary.metric} ${summary.best.value.toFixed(4)} at step ${summary.best.step} (${summary.best.checkpoint})` : 'none';
        io.out(`auto: best on ${summary.selectOn}: ${best}`);
        if (summary.test) {
          const t = summary.test;
          io.out(`auto: test (scored once, n ${t.n}): accuracy ${t.accuracy?.toFixed(4)}, f1_macro ${t.f1_macro?.toFixed(4)}`);
        }
        io.out(`auto: report ${summary.files.markdown}`);
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
      withExecutor(y).option('grid', {
        type: 'string', array: true,
        describe: 'a config path and the values to try, e.g. --grid train.learningRate=1e-5,2e-5,3e-5 (repeatable)',
      }),
    handler: async (args: OrchestrateArgs) => {
      const config = await orchestrateConfig(args);
      const { runSweep } = await import('@bertfit/orchestrator');
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
