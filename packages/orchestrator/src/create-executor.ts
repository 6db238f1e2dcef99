import type { OrchestratorConfig } from './config-types.js';
import type { Executor } from './jobs/executor.js';
import { LocalExecutor } from './local/local-executor.js';
import { SlurmClient } from './slurm/slurm-client.js';
import { SlurmExecutor } from './slurm/slurm-executor.js';

/** The executor `orchestrator.executor` names. Local concurrency defaults to `sweep.maxConcurrent`. */
export function createExecutor(orch: OrchestratorConfig, opts: { maxConcurrent?: number; log?: (line: string) => void } = {}): Executor {
  switch (orch.executor) {
    case 'local':
      return new LocalExecutor({ maxConcurrent: opts.maxConcurrent ?? orch.sweep.maxConcurrent });
    case 'slurm':
      return new SlurmExecutor(orch.slurm, new SlurmClient(undefined, opts.log));
    default: {
      const bad: never = orch.executor;
      throw new Error(`orchestrator.executor: expected "local" or "slurm", got ${JSON.stringify(bad)}`);
    }
  }
}
