import { describe, expect, it } from '@jest/globals';
import { WorkerChannel } from './worker-channel.js';
import type { FixtureRequest } from './__fixtures__/channel-worker.js';

const ENTRY = new URL('./__fixtures__/channel-worker-entry.mjs', import.meta.url);
const start = (data: unknown = null) => WorkerChannel.start<FixtureRequest, number>(ENTRY, data, 'fixture worker (cpu)');

describe('WorkerChannel', () => {
  it('answers requests; a failed request names the worker and leaves it running', async () => {
    const c = await start();
    try {
      expect(await Promise.all([c.request({ do: 'echo', value: 2 }), c.request({ do: 'echo', value: 5 })])).toEqual([4, 10]);
      await expect(c.request({ do: 'fail' })).rejects.toThrow('fixture worker (cpu) failed: bad request');
      expect(await c.request({ do: 'echo', value: 1 })).toBe(2);
    } finally {
      await c.close();
    }
    expect(c.running).toBe(false);
  });

  it('a worker that exits or throws fails what waits on it and every later request', async () => {
    const exits = await start();
    await expect(exits.request({ do: 'exit' })).rejects.toThrow('fixture worker (cpu) exited (code 3)');
    expect(exits.running).toBe(false);
    await expect(exits.request({ do: 'echo', value: 1 })).rejects.toThrow('fixture worker (cpu) exited (code 3)');

    const crashes = await start();
    await expect(crashes.request({ do: 'crash' })).rejects.toThrow('fixture worker (cpu) crashed: boom');
    await crashes.terminate();
    expect(crashes.running).toBe(false);
  });

  it('a worker that cannot start rejects with its error', async () => {
    await expect(start({ failSetup: true })).rejects.toThrow('fixture worker (cpu) failed to start: no such device');
  });
});
