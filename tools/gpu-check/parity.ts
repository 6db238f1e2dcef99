// (a) The BERT parity fixture (packages/train/test/fixtures/bert-parity) on a device against the CPU:
// logits, weighted loss and every gradient of one micro-step, each as the largest |difference|.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BertRuntime, bertParameterSpecs, parseBertConfig, ParamStore, readSafetensors, type Batch, type BertConfig } from '@bertfit/train';

interface RawBatch {
  input_ids: number[][];
  attention_mask: number[][];
  token_type_ids: number[][];
  labels: number[];
  class_weights: number[];
}

export interface ParityResult {
  check: 'parity';
  device: string;
  /** Largest |device − cpu| of the logits, the loss and the gradients; and the logits against PyTorch's golden ones. */
  maxAbsDiff: { logits: number; loss: number; grads: number; logitsVsTorch: number };
  tolerance: number;
  ok: boolean;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`parity: ${a.length} values against ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

async function run(cfg: BertConfig, store: ParamStore, batch: Batch, cw: Float32Array, device: string) {
  const rt = await BertRuntime.create({ cfg, device, threads: 1, dropout: null });
  try {
    const r = await rt.trainMicroStep(store, batch, cw, { step: 0, micro: 0 });
    const loss = r.lossSum / r.weightSum;
    const grads = Float32Array.from(r.grads, (g) => g / r.weightSum);
    return { loss, grads, logits: await rt.evaluate(store, batch) };
  } finally {
    await rt.release();
  }
}

export async function parity(fixtureDir: string, device: string, tolerance = 1e-4): Promise<ParityResult> {
  const json = (f: string): unknown => JSON.parse(readFileSync(join(fixtureDir, f), 'utf8'));
  const cfg = parseBertConfig(json('config.json'), join(fixtureDir, 'config.json'));
  const store = ParamStore.create(bertParameterSpecs(cfg));
  store.loadTensors((await readSafetensors(join(fixtureDir, 'model.safetensors'))).tensors, { source: 'model.safetensors' });
  const raw = json('batch.json') as RawBatch;
  const flat = (m: number[][]): Int32Array => Int32Array.from(m.flat());
  const batch: Batch = {
    size: raw.labels.length,
    seqLen: raw.input_ids[0]!.length,
    inputIds: flat(raw.input_ids),
    attentionMask: flat(raw.attention_mask),
    tokenTypeIds: flat(raw.token_type_ids),
    labels: Int32Array.from(raw.labels),
  };
  const cw = Float32Array.from(raw.class_weights);
  const cpu = await run(cfg, store, batch, cw, 'cpu');
  const dev = await run(cfg, store, batch, cw, device);
  const torchLogits = (json('expected.json') as { logits: number[][] }).logits.flat();
  const d = {
    logits: maxAbsDiff(dev.logits, cpu.logits),
    loss: Math.abs(dev.loss - cpu.loss),
    grads: maxAbsDiff(dev.grads, cpu.grads),
    logitsVsTorch: maxAbsDiff(dev.logits, torchLogits),
  };
  return { check: 'parity', device, maxAbsDiff: d, tolerance, ok: Object.values(d).every((x) => x <= tolerance) };
}
