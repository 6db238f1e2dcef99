// Entry of a replica's worker thread. Plain JavaScript that registers tsx, because a worker starts
// outside the loaders of its parent: neither jest's transform nor (on node 20) tsx's hooks reach it.
import { register } from 'tsx/esm/api';

register();
await import(new URL('./replica-worker.ts', import.meta.url).href);
