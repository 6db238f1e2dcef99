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

  it('close lets the request in hand finish (stopping a thread inside an onnxruntime run aborts the process)', async () => {
    const c = await start();
    const answer = c.request({ do: 'slow', value: 4, ms: 200 });
    expect(c.inFlight).toBe(1);
    await c.close();
    expect(await answer).toBe(8);
    expect(c.inFlight).toBe(0);
    expect(c.running).toBe(false);
  });

  it('startAll starts every worker, or throws the first failure once all have settled', async () => {
    const workers = (flags: boolean[]) => flags.map((failSetup, w) => ({ workerData: { failSetup }, what: `fixture worker ${w}` }));
    const both = await WorkerChannel.startAll<FixtureRequest, number>(ENTRY, workers([false, false]));
    try {
      expect(await Promise.all(both.map((c, w) => c.request({ do: 'echo', value: w })))).toEqual([0, 2]);
    } finally {
      await Promise.all(both.map((c) => c.close()));
    }
    await expect(WorkerChannel.startAll<FixtureRequest, number>(ENTRY, workers([false, true, false]))).rejects.toThrow('fixture worker 1 failed to start: no such device');
  });
});
