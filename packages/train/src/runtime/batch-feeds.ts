// A batch's int64 graph inputs: BERT graphs (ours and HF exports) take int64 ids, the batch holds int32.
import type { Batch } from '@bertfit/data';
import * as ort from 'onnxruntime-node';

/** input_ids / attention_mask / token_type_ids of one batch, each [size, seqLen]. */
export interface Int64Inputs {
  input_ids: BigInt64Array;
  attention_mask: BigInt64Array;
  token_type_ids: BigInt64Array;
}

export function int64(src: Int32Array): BigInt64Array {
  const out = new BigInt64Array(src.length);
  for (let i = 0; i < src.length; i++) out[i] = BigInt(src[i]!);
  return out;
}

export function int64Inputs(b: Batch): Int64Inputs {
  return { input_ids: int64(b.inputIds), attention_mask: int64(b.attentionMask), token_type_ids: int64(b.tokenTypeIds) };
}

/** The same as onnxruntime tensors, ready to feed a session. */
export function int64Tensors(b: Batch): Record<keyof Int64Inputs, ort.Tensor> {
  const dims = [b.size, b.seqLen];
  const { input_ids, attention_mask, token_type_ids } = int64Inputs(b);
  return {
    input_ids: new ort.Tensor('int64', input_ids, dims),
    attention_mask: new ort.Tensor('int64', attention_mask, dims),
    token_type_ids: new ort.Tensor('int64', token_type_ids, dims),
  };
}
