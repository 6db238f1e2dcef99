/**
 * Builds the `tokenizer.json` (HF tokenizers format) of a BERT WordPiece tokenizer from a vocabulary,
 * the equivalent of what `BertTokenizerFast` writes for `bert-base-uncased`, so folders that carry only
 * `vocab.txt` load through the same fast code path as a full tokenizer folder.
 */

/** The special tokens of BERT, in the order HF lists them. */
export const BERT_SPECIAL_TOKENS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'] as const;

export interface WordPieceOptions {
  /** Lowercase before splitting (`do_lower_case`). */
  lowercase: boolean;
  /** Strip accents (NFD + drop combining marks); `null` follows `lowercase`, as in HF. */
  stripAccents: boolean | null;
  /** Surround CJK ideographs with spaces (`tokenize_chinese_chars`). */
  handleChineseChars: boolean;
}

/** `vocab.txt` text → tokens in id order (id = 0-based line). A trailing newline adds no token. */
export function parseVocab(text: string): string[] {
  const lines = text.split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** The tokenizer.json object for a WordPiece vocabulary (tokens in id order). */
export function wordPieceTokenizerJson(vocab: readonly string[], opts: WordPieceOptions): Record<string, unknown> {
  const ids = new Map<string, number>();
  vocab.forEach((tok, i) => {
    if (!ids.has(tok)) ids.set(tok, i);
  });
  const idOf = (tok: string): number => {
    const id = ids.get(tok);
    if (id === undefined) throw new Error(`vocabulary has no ${tok} token`);
    return id;
  };
  const special = (tok: string) => ({ id: tok, ids: [idOf(tok)], tokens: [tok] });
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: BERT_SPECIAL_TOKENS.map((content) => ({
      id: idOf(content),
      content,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })).sort((a, b) => a.id - b.id),
    normalizer: {
      type: 'BertNormalizer',
      clean_text: true,
      handle_chinese_chars: opts.handleChineseChars,
      strip_accents: opts.stripAccents,
      lowercase: opts.lowercase,
    },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ SpecialToken: { id: '[CLS]', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '[SEP]', type_id: 0 } }],
      pair: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
        { Sequence: { id: 'B', type_id: 1 } },
        { SpecialToken: { id: '[SEP]', type_id: 1 } },
      ],
      special_tokens: { '[CLS]': special('[CLS]'), '[SEP]': special('[SEP]') },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: '[UNK]',
      continuing_subword_prefix: '##',
      max_input_chars_per_word: 100,
      vocab: Object.fromEntries(ids),
    },
  };
}

/** The tokenizer_config.json transformers.js needs (pad_token included, or batched padding fails). */
export function bertTokenizerConfig(opts: WordPieceOptions, modelMaxLength = 512): Record<string, unknown> {
  return {
    tokenizer_class: 'BertTokenizer',
    do_lower_case: opts.lowercase,
    strip_accents: opts.stripAccents,
    tokenize_chinese_chars: opts.handleChineseChars,
    model_max_length: modelMaxLength,
    clean_up_tokenization_spaces: true,
    pad_token: '[PAD]',
    unk_token: '[UNK]',
    cls_token: '[CLS]',
    sep_token: '[SEP]',
    mask_token: '[MASK]',
  };
}
