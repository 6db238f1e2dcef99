// A Classifier worker thread: one onnxruntime session (options built by the main thread with train's
// ortSessionOptions) that scores the batches it is sent. It speaks train's WorkerChannel protocol
// (worker-channel.ts: ready/failed at start, request → result or failed, close), written out here
// because this file is plain CommonJS so it starts the same under node, tsx and jest, none of which
// transpile a worker's entry file (nor can it import train's serveRequests from the sources).
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const ort = require('onnxruntime-node');

const message = (err) => err?.message || String(err);

async function score(session, { dims, inputs }) {
  const feeds = {};
  for (const [name, data] of Object.entries(inputs)) feeds[name] = new ort.Tensor('int64', data, dims);
  const out = await session.run(feeds);
  if (!out.logits) throw new Error(`the model has no 'logits' output (outputs: ${session.outputNames.join(', ')})`);
  // A copy of its own (rows × labels floats) so its buffer can be transferred back.
  return Float32Array.from(out.logits.data);
}

async function main() {
  let session;
  try {
    session = await ort.InferenceSession.create(workerData.bytes, workerData.options);
  } catch (err) {
    parentPort.postMessage({ type: 'failed', id: null, message: message(err) });
    return;
  }
  parentPort.postMessage({ type: 'ready' });
  // One message at a time, in arrival order: close waits for the batch being scored.
  let queue = Promise.resolve();
  parentPort.on('message', (m) => {
    queue = queue.then(async () => {
      if (m.type === 'close') {
        await session.release();
        parentPort.close();
        return;
      }
      try {
        const logits = await score(session, m.body);
        parentPort.postMessage({ type: 'result', id: m.id, value: logits }, [logits.buffer]);
      } catch (err) {
        parentPort.postMessage({ type: 'failed', id: m.id, message: message(err) });
      }
    });
  });
}

main();
