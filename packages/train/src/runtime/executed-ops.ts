// Which kernels onnxruntime actually runs for a model after its graph optimizations: the op type of
// every node in one profiled run. This is how the int8 test sees fusions (DynamicQuantizeMatMul,
// MatMulIntegerToFloat) without parsing the optimized model back.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BertfitError } from '@bertfit/core';
import type * as ort from 'onnxruntime-node';
import { createSessionFromBytes } from './session.js';
import type { SessionOptions } from './session.js';

interface ProfileEvent {
  cat: string;
  name: string;
  args?: { op_name?: string };
}

/** Node count per executed op type (e.g. { DynamicQuantizeMatMul: 9, ... }) for one run of `bytes` on `feeds`. */
export async function executedOpCounts(bytes: Uint8Array, feeds: Record<string, ort.Tensor>, opts: SessionOptions): Promise<Map<string, number>> {
  const dir = await mkdtemp(join(tmpdir(), 'bertfit-ops-'));
  try {
    const session = await createSessionFromBytes(bytes, 'a profiled model', { ...opts, profilePrefix: join(dir, 'run') });
    try {
      await session.run(feeds);
      session.endProfiling();
    } finally {
      await session.release();
    }
    const file = (await readdir(dir)).find((f) => f.endsWith('.json'));
    if (file === undefined) throw new BertfitError(`executedOpCounts: onnxruntime wrote no profile in ${dir}`);
    const events = JSON.parse(await readFile(join(dir, file), 'utf8')) as ProfileEvent[];
    const nodes = new Map<string, string>();
    for (const e of events) if (e.cat === 'Node' && e.name.endsWith('_kernel_time') && e.args?.op_name) nodes.set(e.name, e.args.op_name);
    const counts = new Map<string, number>();
    for (const opType of nodes.values()) counts.set(opType, (counts.get(opType) ?? 0) + 1);
    return counts;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
