// Before an export is written, each exported model is opened on the requested device and scores one
// short text: a model onnxruntime cannot load there, or one that gives non-finite logits, fails the
// export instead of failing later in transformers.js or on the GPU it was meant for.
import { BertfitError } from '@bertfit/core';
import { formatDevice, type Device } from '@bertfit/train';
import type { Checkpoint } from '../checkpoint/load-checkpoint.js';
import { Classifier } from '../runtime/classifier.js';

const PROBE_TEXT = 'an export check';

export async function checkExportedModel(name: string, bytes: Uint8Array, ckpt: Checkpoint, device: Device): Promise<void> {
  const { inputIds } = ckpt.tokenizer.encode([PROBE_TEXT], { maxLength: 16 });
  const clf = await Classifier.create(bytes, ckpt.config.numLabels, ckpt.config.padTokenId, { device, threads: 1, workers: 1 });
  try {
    const logits = await clf.predict(inputIds, { batchSize: 1 });
    if (!logits.every(Number.isFinite)) {
      throw new BertfitError(`export: ${name} gives non-finite logits [${Array.from(logits).join(', ')}] on ${formatDevice(device)}`);
    }
  } finally {
    await clf.release();
  }
}
