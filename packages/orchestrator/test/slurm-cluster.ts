// Starts and stops a real single-node SLURM (../shared/slurm) for the *.slurm.test.ts suites. Each
// start gets its own state dir and free TCP ports, so two test runs on one host never collide.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { afterAll, beforeAll } from '@jest/globals';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa, ExecaError } from 'execa';
import { requireSharedDir } from '@bertfit/config';

export interface Cluster {
  stateDir: string;
  ports: { ctld: number; slurmd: number };
  /** Stops the daemons and deletes the state dir. */
  stop(): Promise<void>;
  /** Stops slurmctld only (by the pid the start script recorded), as an outage. */
  killController(): Promise<void>;
  /** Runs the start script again, which restarts the daemons that are down (same ports). */
  restart(): Promise<void>;
}

/** The start script refuses state dirs longer than this (unix socket paths). */
const MAX_STATE_DIR = 64;

/**
 * `n` distinct TCP ports that were free a moment ago: the kernel picks them (bind to port 0), all
 * held at once so they differ, then released for slurmctld/slurmd to bind.
 */
export async function freePorts(n: number): Promise<number[]> {
  const servers: Server[] = [];
  try {
    for (let i = 0; i < n; i++) {
      const s = createServer();
      servers.push(s);
      await new Promise<void>((resolve, reject) => {
        s.once('error', reject);
        s.listen(0, () => resolve());
      });
    }
    return servers.map((s) => (s.address() as { port: number }).port);
  } finally {
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  }
}

/** A fresh state dir for one suite run (`<tmp>/bf-<label>-XXXXXX`; `/tmp` when TMPDIR is too long). */
function newStateDir(label: string): string {
  const base = join(tmpdir(), `bf-${label}-`).length + 6 <= MAX_STATE_DIR ? tmpdir() : '/tmp';
  return mkdtempSync(join(base, `bf-${label}-`));
}

/** Starts a cluster for one suite; `label` names the state dir (short: it is part of socket paths). */
export async function startCluster(label: string): Promise<Cluster> {
  const dir = join(requireSharedDir(), 'slurm');
  const stateDir = newStateDir(label);
  let env: NodeJS.ProcessEnv = {};
  // First start wipes the state dir; later starts restart only the daemons that are down.
  const start = async (reset: boolean): Promise<void> => {
    const r = await execa(join(dir, 'start-local-slurm.sh'), ['--state-dir', stateDir, ...(reset ? ['--reset'] : [])], { env });
    for (const line of r.stdout.split('\n')) {
      const m = /^export (\w+)=(.*)$/.exec(line.trim());
      if (m) process.env[m[1]!] = m[2]!;
    }
  };
  // A port found free can be taken before the daemon binds it (another run, an outgoing
  // connection); the script then fails fast naming the port, and new ones are picked.
  let ports = { ctld: 0, slurmd: 0 };
  for (let attempt = 1; ; attempt++) {
    const [ctld, slurmd] = (await freePorts(2)) as [number, number];
    ports = { ctld, slurmd };
    env = { ...process.env, SLURM_LOCAL_CPUS: '8', SLURM_LOCAL_CTLD_PORT: String(ctld), SLURM_LOCAL_SLURMD_PORT: String(slurmd) };
    try {
      await start(true);
      break;
    } catch (err) {
      const text = err instanceof ExecaError ? `${err.stderr}` : '';
      if (attempt >= 3 || !/already in use|Address already in use|bind/i.test(text)) throw err;
    }
  }
  return {
    stateDir,
    ports,
    stop: async () => {
      await execa(join(dir, 'stop-local-slurm.sh'), ['--state-dir', stateDir, '--purge'], { env, reject: false });
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

/**
 * For a suite: a cluster started before its tests and stopped after them, and a fresh temporary
 * folder for its files (removed after), read through `root()` and `cluster()` inside tests.
 */
export function clusterForSuite(label: string): { root: () => string; cluster: () => Cluster } {
  let cluster: Cluster | undefined;
  let root = '';
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), `bertfit-${label}-`));
    cluster = await startCluster(label);
  }, 120_000);
  afterAll(async () => {
    await cluster?.stop();
    if (root) rmSync(root, { recursive: true, force: true });
  }, 60_000);
  return {
    root: () => root,
    cluster: () => {
      if (!cluster) throw new Error(`the ${label} test cluster is not started (read suite.cluster() inside a test)`);
      return cluster;
    },
  };
}
