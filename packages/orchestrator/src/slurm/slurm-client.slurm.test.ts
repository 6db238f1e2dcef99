import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SlurmClient } from './slurm-client.js';

// The real squeue of this machine, pointed at a controller that is not there (each attempt waits ~10 s in squeue).
describe('a SLURM client with no reachable controller', () => {
  it('says once that SLURM_CONF / squeue is the problem, and the error says it too', async () => {
    const conf = join(mkdtempSync(join(tmpdir(), 'bertfit-slurmconf-')), 'slurm.conf');
    writeFileSync(conf, 'ClusterName=nowhere\nSlurmctldHost=nowhere(127.0.0.1)\nSlurmctldPort=6999\n');
    const saved = process.env.SLURM_CONF;
    process.env.SLURM_CONF = conf;
    const lines: string[] = [];
    try {
      const err = await new SlurmClient({ unavailableTimeoutMs: 12_000, retryDelayMs: 200 }, (l) => lines.push(l)).run('squeue', ['-h']).then(
        () => null,
        (e: Error) => e,
      );
      expect(err?.message).toMatch(
        new RegExp(`^"squeue" "-h" failed \\(exit 1\\): no SLURM controller is reachable from here \\(SLURM_CONF=${conf}\\); .*squeue said: .*Unable to contact slurm controller`),
      );
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^slurm: squeue failed: no SLURM controller is reachable from here .*; retrying for up to 12 s$/);
    } finally {
      if (saved === undefined) delete process.env.SLURM_CONF;
      else process.env.SLURM_CONF = saved;
    }
  }, 60_000);
});
