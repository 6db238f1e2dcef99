// Entry of worker-channel.test.ts's worker: registers tsx, as replica-worker-entry.mjs does.
import { register } from 'tsx/esm/api';

register();
await import(new URL('./channel-worker.ts', import.meta.url).href);
