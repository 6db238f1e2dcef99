// A worker for worker-channel.test.ts that answers (at once or after a while), fails, exits or crashes on request.
import { workerData } from 'node:worker_threads';
import { serveRequests } from '../worker-channel.js';

export type FixtureRequest = { do: 'echo'; value: number } | { do: 'slow'; value: number; ms: number } | { do: 'fail' } | { do: 'exit' } | { do: 'crash' };

await serveRequests(
  async () => {
    if ((workerData as { failSetup?: boolean } | null)?.failSetup) throw new Error('no such device');
    return null;
  },
  async (_state, q: FixtureRequest) => {
    switch (q.do) {
      case 'echo':
        return { value: q.value * 2 };
      case 'slow':
        await new Promise((resolve) => setTimeout(resolve, q.ms));
        return { value: q.value * 2 };
      case 'fail':
        throw new Error('bad request');
      case 'exit':
        return process.exit(3);
      case 'crash':
        setImmediate(() => {
          throw new Error('boom');
        });
        return new Promise<never>(() => {});
    }
  },
  async () => {},
);
