// A Classifier worker thread: one onnxruntime session (options built by the main thread with train's
// ortSessionOptions) that scores the batches it is sent. Plain CommonJS so it starts the same under
// node, tsx and jest, none of which transpile a worker's entry file.
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const ort = require('onnxruntime-node');

const message = (err) => err?.message || String(err);

async function main() {
  let session;
  try {
    session = await ort.InferenceSession.create(workerData.bytes, workerData.options);
  } catch (err) {
    parentPort.postMessage({ type: 'failed', id: null, message: message(err) });
    return;
  }
  parentPort.postMessage({ type: 'ready' });
  parentPort.on('message', async (m) => {
    if (m.type === 'close') {
      await session.release();
      parentPort.close();
      return;
    }
    try {
      const feeds = {};
      for (const [name, data] of Object.entries(m.inputs)) feeds[name] = new ort.Tensor('int64', data, m.dims);
      const out = await session.run(feeds);
      if (!out.logits) throw new Error(`the model has no 'logits' output (outputs: ${session.outputNames.join(', ')})`);
      // A copy of its own (rows × labels floats) so its buffer can be transferred back.
      const logits = Float32Array.from(out.logits.data);
      parentPort.postMessage({ type: 'result', id: m.id, logits }, [logits.buffer]);
    } catch (err) {
      parentPort.postMessage({ type: 'failed', id: m.id, message: message(err) });
    }
  });
}

main();
