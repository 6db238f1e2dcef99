// Starts and stops a real single-node SLURM (../shared/slurm) for the *.slurm.test.ts suites.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { requireSharedDir } from '@bertfit/config';

export interface Cluster {
  stateDir: string;
  stop(): Promise<void>;
  /** Stops slurmctld only (by the pid the start script recorded), as an outage. */
  killController(): Promise<void>;
  /** Runs the start script again, which restarts the daemons that are down. */
  restart(): Promise<void>;
}

export async function startCluster(stateDir: string): Promise<Cluster> {
  const dir = join(requireSharedDir(), 'slurm');
  const env = { ...process.env, SLURM_LOCAL_CPUS: '8', SLURM_LOCAL_CTLD_PORT: '6917', SLURM_LOCAL_SLURMD_PORT: '6918' };
  // First start wipes the suite's state dir; later starts restart only the daemons that are down.
  const start = async (reset: boolean): Promise<void> => {
    const r = await execa(join(dir, 'start-local-slurm.sh'), ['--state-dir', stateDir, ...(reset ? ['--reset'] : [])], { env });
    for (const line of r.stdout.split('\n')) {
      const m = /^export (\w+)=(.*)$/.exec(line.trim());
      if (m) process.env[m[1]!] = m[2]!;
    }
  };
  await start(true);
  return {
    stateDir,
    stop: async () => {
      await execa(join(dir, 'stop-local-slurm.sh'), ['--state-dir', stateDir], { env, reject: false });
    },
    killController: async () => {
      const pid = Number(readFileSync(join(stateDir, 'run', 'slurmctld.pid'), 'utf8').trim());
      process.kill(pid, 'SIGTERM');
      for (let i = 0; i < 100; i++) {
        try {
          process.kill(pid, 0);
          const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
          if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) return;
        } catch {
          return;
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    restart: () => start(false),
  };
}
