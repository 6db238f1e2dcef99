// Entry of a replica's worker thread. A worker starts outside its parent's loaders: in the built
// package (dist/) the compiled worker sits beside this file; from the sources (jest, tsx scripts)
// only the .ts exists, so tsx is registered first (neither jest's transform nor, on node 20, tsx's
// hooks reach a worker).
import { existsSync } from 'node:fs';

const built = new URL('./replica-worker.js', import.meta.url);
if (existsSync(built)) {
  await import(built.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(new URL('./replica-worker.ts', import.meta.url).href);
}
