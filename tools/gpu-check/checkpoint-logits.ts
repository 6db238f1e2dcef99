// (c) bertfit's logits for a few rows from a checkpoint, through the inference path (`bertfit infer`'s
// Classifier) on the device, written with the token ids for hf_logits.py to compare with transformers.
import { writeFileSync } from 'node:fs';
import { Classifier, loadCheckpoint, modelBytes } from '@bertfit/infer';
import { parseDevice } from '@bertfit/train';
import { longTexts } from './train-throughput.js';

export async function checkpointLogits(checkpoint: string, device: string, rows: number, seq: number, outFile: string) {
  const ckpt = await loadCheckpoint(checkpoint);
  // Rows of different lengths, so padding and the attention mask are exercised too.
  const texts = longTexts(rows, seq).map((r, i) =>
    r.text
      .split(' ')
      .slice(0, 4 + ((i * 7) % (seq - 4)))
      .join(' '),
  );
  const { inputIds } = ckpt.tokenizer.encode(texts, { maxLength: seq });
  const clf = await Classifier.create(modelBytes(ckpt, 'fp32'), ckpt.config.numLabels, ckpt.config.padTokenId, { device: parseDevice(device), workers: 1 });
  try {
    const logits = await clf.predict(inputIds, { batchSize: 8 });
    const C = ckpt.config.numLabels;
    const out = { checkpoint, device, input_ids: inputIds, logits: inputIds.map((_, i) => Array.from(logits.subarray(i * C, (i + 1) * C))) };
    writeFileSync(outFile, JSON.stringify(out));
    return { check: 'logits' as const, device, rows: inputIds.length, file: outFile };
  } finally {
    await clf.release();
  }
}
