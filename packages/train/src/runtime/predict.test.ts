import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { padBatch, type Batch } from '@bertfit/data';
import { bertParameterSpecs } from '../models/bert-params.js';
import { initBertParams } from '../models/bert-init.js';
import { BertRuntime } from './bert-runtime.js';
import { ParamStore } from './param-store.js';
import { predict, type LogitsRunner } from './predict.js';
import { tinyCfg } from './__fixtures__/tiny-bert.js';

const C = tinyCfg.numLabels;
// Lengths deliberately out of order (and with ties), ids distinct per row so every row scores differently.
const lengths = [3, 9, 2, 6, 9, 4, 2, 7];
const ids = lengths.map((len, r) => Array.from({ length: len }, (_, t) => 1 + ((r * 11 + t * 5) % 49)));

let runtime: BertRuntime;
let store: ParamStore;
let session: LogitsRunner;
/** Each row scored alone (no padding): what row i's logits must be, wherever predict batches it. */
let alone: Float32Array[];

beforeAll(async () => {
  store = ParamStore.create(bertParameterSpecs(tinyCfg));
  initBertParams(store, tinyCfg, 5);
  runtime = await BertRuntime.create({ cfg: tinyCfg, threads: 1, dropout: null });
  session = { logits: (b) => runtime.evaluate(store, b) };
  alone = [];
  for (let i = 0; i < ids.length; i++) alone.push(Float32Array.from(await runtime.evaluate(store, padBatch(ids, [i]))));
});

afterAll(async () => {
  await runtime.release();
});

const maxDiff = (a: Float32Array, b: Float32Array): number => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);

describe('predict', () => {
  it("returns row i's logits at row i for unsorted lengths, batched by length on a real session", async () => {
    // Rows must differ by far more than padding noise, or a swapped row would go unnoticed.
    for (let i = 1; i < ids.length; i++) expect(maxDiff(alone[i]!, alone[i - 1]!)).toBeGreaterThan(1e-3);
    const seen: number[] = [];
    const out = await predict(session, ids, { batchSize: 3, numLabels: C, onProgress: (d, t) => seen.push(d, t) });
    expect(out).toHaveLength(ids.length * C);
    for (let i = 0; i < ids.length; i++) expect(maxDiff(out.subarray(i * C, (i + 1) * C), alone[i]!)).toBeLessThan(1e-5);
    expect(seen).toEqual([2, 8, 5, 8, 8, 8]);
  });

  it('is bit-identical to scoring each row alone at batch size 1', async () => {
    const out = await predict(session, ids, { batchSize: 1, numLabels: C });
    ids.forEach((_, i) => expect(Array.from(out.subarray(i * C, (i + 1) * C))).toEqual(Array.from(alone[i]!)));
  });

  it('keeps input order when a runner with two lanes finishes batches out of order', async () => {
    let calls = 0;
    let inFlight = 0;
    let mostInFlight = 0;
    const finished: number[] = [];
    // Session runs one at a time (as the trainer runs them); the first batch then waits, so it finishes after the second.
    let queue: Promise<unknown> = Promise.resolve();
    const slowFirst: LogitsRunner = {
      concurrency: 2,
      logits: async (b: Batch) => {
        const call = calls++;
        mostInFlight = Math.max(mostInFlight, ++inFlight);
        const run = queue.then(() => runtime.evaluate(store, b)).then((l) => Float32Array.from(l));
        queue = run;
        const logits = await run;
        if (call === 0) await new Promise((r) => setTimeout(r, 50));
        inFlight -= 1;
        finished.push(call);
        return logits;
      },
    };
    const out = await predict(slowFirst, ids, { batchSize: 2, numLabels: C });
    // Two batches really were in flight and the first came back after the second.
    expect(mostInFlight).toBe(2);
    expect(finished.indexOf(0)).toBeGreaterThan(finished.indexOf(1));
    for (let i = 0; i < ids.length; i++) expect(maxDiff(out.subarray(i * C, (i + 1) * C), alone[i]!)).toBeLessThan(1e-5);
  });

  it('names a bad batch size and a runner that returns the wrong number of logits', async () => {
    await expect(predict(session, ids, { batchSize: 0, numLabels: C })).rejects.toThrow('lengthBatches: batchSize must be a positive integer, got 0');
    const short: LogitsRunner = { logits: async (b) => (await runtime.evaluate(store, b)).subarray(1) };
    await expect(predict(short, ids, { batchSize: 4, numLabels: C })).rejects.toThrow(`predict: the model returned ${4 * C - 1} logits for 4 rows, expected ${C} per row`);
  });
});
