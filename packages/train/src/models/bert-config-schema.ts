// The zod schema of an HF BertConfig `config.json`: HF's defaults for absent keys, unknown keys ignored
// (HF files carry many), the ranges the engine needs, and id2label/num_labels reconciled as HF does.
import { z } from 'zod';

const POS_INT = 'a positive integer';
const PROB = 'a probability in [0, 1)';

export const posInt = z.int({ error: POS_INT }).min(1, { error: POS_INT });
const nonNegInt = z.int({ error: 'a non-negative integer' }).min(0, { error: 'a non-negative integer' });
const positive = z.number({ error: 'a positive number' }).gt(0, { error: 'a positive number' });
export const prob = z.number({ error: PROB }).min(0, { error: PROB }).lt(1, { error: PROB });

/** HF reads an absent (or null) key as its class default. */
function orDefault<T>(schema: z.ZodType<T>, dflt: T) {
  return schema.nullish().transform((v) => v ?? dflt);
}

/** Only exact (erf) GELU and absolute positions are implemented: anything else must fail, not run differently. */
const onlyValue = <V extends string>(value: V, why: string) => orDefault(z.literal(value, { error: `"${value}" (${why})` }), value);

export const hfBertConfigSchema = z
  .object({
    vocab_size: orDefault(posInt, 30522),
    hidden_size: orDefault(posInt, 768),
    num_hidden_layers: orDefault(posInt, 12),
    num_attention_heads: orDefault(posInt, 12),
    intermediate_size: orDefault(posInt, 3072),
    max_position_embeddings: orDefault(posInt, 512),
    type_vocab_size: orDefault(posInt, 2),
    layer_norm_eps: orDefault(positive, 1e-12),
    hidden_dropout_prob: orDefault(prob, 0.1),
    attention_probs_dropout_prob: orDefault(prob, 0.1),
    pad_token_id: orDefault(nonNegInt, 0),
    initializer_range: orDefault(positive, 0.02),
    /** null means "use hidden_dropout_prob" (HF). */
    classifier_dropout: orDefault(
      z
        .number({ error: `null or ${PROB}` })
        .min(0, { error: `null or ${PROB}` })
        .lt(1, { error: `null or ${PROB}` }),
      null,
    ),
    hidden_act: onlyValue('gelu', 'exact erf GELU, the only activation implemented'),
    position_embedding_type: onlyValue('absolute', 'the only kind implemented'),
    num_labels: posInt.optional(),
    id2label: z.record(z.string(), z.string({ error: 'a label name' }), { error: 'an object {"0": name, ...}' }).nullish(),
  })
  .superRefine((c, ctx) => {
    const issue = (path: string[], message: string) => ctx.addIssue({ code: 'custom', path, message, input: undefined });
    if (c.hidden_size % c.num_attention_heads !== 0) {
      issue(['hidden_size'], `a multiple of num_attention_heads ${c.num_attention_heads}`);
    }
    if (c.pad_token_id >= c.vocab_size) issue(['pad_token_id'], `an id below vocab_size ${c.vocab_size}`);
    if (c.id2label === null || c.id2label === undefined) return;
    const n = Object.keys(c.id2label).length;
    if (n === 0) return issue(['id2label'], 'at least one label');
    // Keys must be exactly "0".."n-1": n entries, each of those ids present.
    for (let i = 0; i < n; i++) if (!(String(i) in c.id2label)) return issue(['id2label', String(i)], 'a label name (ids must be 0..n-1)');
    if (c.num_labels !== undefined && c.num_labels !== n) issue(['num_labels'], `${n}, the number of id2label entries`);
  })
  .transform(({ id2label, num_labels, ...c }) => ({
    ...c,
    id2label: id2label ? Array.from({ length: Object.keys(id2label).length }, (_, i) => id2label[String(i)]!) : Array.from({ length: num_labels ?? 2 }, (_, i) => `LABEL_${i}`),
  }));

/** The validated config.json, snake_case as HF writes it, with labels as a list. */
export type HfBertConfig = z.output<typeof hfBertConfigSchema>;
