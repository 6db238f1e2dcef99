// The benchmark's model sizes (as ../shared/reference/bert.py's MODEL_SIZES) and its FLOP estimate.
export const SIZES: Record<string, { num_hidden_layers: number; hidden_size: number; num_attention_heads: number; intermediate_size: number }> = {
  base: { num_hidden_layers: 12, hidden_size: 768, num_attention_heads: 12, intermediate_size: 3072 },
  mini: { num_hidden_layers: 4, hidden_size: 256, num_attention_heads: 4, intermediate_size: 1024 },
};

/**
 * Matmul FLOPs of one training sequence, the reference's formula: forward = L·(2s(4H² + 2HI) + 4s²H)
 * + 2H² + 2HC (2 FLOPs per multiply-add: the 2·params·tokens rule plus attention), training = 3× forward.
 */
export function trainFlopsPerSequence(s: { num_hidden_layers: number; hidden_size: number; intermediate_size: number }, seq: number, mult: number, classes = 3): number {
  const { num_hidden_layers: L, hidden_size: H, intermediate_size: I } = s;
  return mult * (L * (2 * seq * (4 * H * H + 2 * H * I) + 4 * seq * seq * H) + 2 * H * H + 2 * H * classes);
}
