import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BertTokenizer as HfBertTokenizer } from '@huggingface/transformers';
import { DataError } from '../data-error.js';
import { bertTokenizerConfig, parseVocab, wordPieceTokenizerJson, type WordPieceOptions } from './tokenizer-json.js';
import { errorMessage, writeFileAtomic } from '@bertfit/core';

export interface EncodeOptions {
  /** Longest output in tokens, [CLS] and [SEP] included; longer texts are truncated. */
  maxLength: number;
}

export interface Encoded {
  /** [CLS] … [SEP], unpadded (batching pads). */
  inputIds: number[][];
}

/** A BERT WordPiece tokenizer: transformers.js' BertTokenizer over a tokenizer.json we can also write. */
export class BertTokenizer {
  readonly padTokenId: number;
  readonly clsTokenId: number;
  readonly sepTokenId: number;
  readonly unkTokenId: number;
  readonly vocabSize: number;
  private readonly hf: HfBertTokenizer;

  constructor(
    readonly tokenizerJson: Record<string, unknown>,
    readonly tokenizerConfig: Record<string, unknown>,
  ) {
    this.hf = new HfBertTokenizer(tokenizerJson, tokenizerConfig);
    this.padTokenId = this.idOf('[PAD]');
    this.clsTokenId = this.idOf('[CLS]');
    this.sepTokenId = this.idOf('[SEP]');
    this.unkTokenId = this.idOf('[UNK]');
    this.vocabSize = this.hf.get_vocab().size;
  }

  encode(texts: string[], opts: EncodeOptions): Encoded {
    if (!Number.isInteger(opts.maxLength) || opts.maxLength < 2) {
      throw new DataError(`BertTokenizer.encode: maxLength must be an integer ≥ 2 ([CLS] and [SEP]), got ${opts.maxLength}`);
    }
    // Truncate the word pieces, then add [CLS]/[SEP], as HF's truncation does for one sequence;
    // transformers.js 4.3.1 truncates after adding them and so cuts off the final [SEP].
    const keep = opts.maxLength - 2;
    const inner = this.hf._tokenizer;
    const inputIds = texts.map((text) => {
      const pieces = inner.encode(text, { add_special_tokens: false }).ids;
      const ids = new Array<number>(Math.min(pieces.length, keep) + 2);
      ids[0] = this.clsTokenId;
      for (let i = 0; i < ids.length - 2; i++) ids[i + 1] = pieces[i]!;
      ids[ids.length - 1] = this.sepTokenId;
      return ids;
    });
    return { inputIds };
  }

  /** Token strings of ids (for debugging and tests). */
  tokens(ids: number[]): string[] {
    return ids.map((id) => this.hf._tokenizer.id_to_token(id) ?? '[?]');
  }

  /** The vocabulary in id order. */
  vocab(): string[] {
    const out: string[] = [];
    for (const [tok, id] of this.hf.get_vocab()) out[id] = tok;
    return out;
  }

  /** Writes tokenizer.json, tokenizer_config.json and vocab.txt (atomically) into `dir`. */
  async saveTokenizerFiles(dir: string): Promise<void> {
    await mkdir(dir, { recursive: true });
    await writeFileAtomic(join(dir, 'tokenizer.json'), JSON.stringify(this.tokenizerJson));
    await writeFileAtomic(join(dir, 'tokenizer_config.json'), `${JSON.stringify(this.tokenizerConfig, null, 2)}\n`);
    await writeFileAtomic(join(dir, 'vocab.txt'), `${this.vocab().join('\n')}\n`);
  }

  private idOf(token: string): number {
    const id = this.hf._tokenizer.token_to_id(token);
    if (id === undefined) throw new DataError(`BertTokenizer: the vocabulary has no ${token} token`);
    return id;
  }
}

/**
 * Loads the tokenizer of a model folder: tokenizer.json + tokenizer_config.json when present, else
 * the equivalent generated from vocab.txt (lowercasing and accent stripping from the config's
 * `do_lower_case` / `strip_accents`, or `opts.lowercase`).
 */
export async function loadTokenizer(modelDir: string, opts: { lowercase?: boolean } = {}): Promise<BertTokenizer> {
  const config = await readJson(join(modelDir, 'tokenizer_config.json'), {});
  if (existsSync(join(modelDir, 'tokenizer.json'))) {
    const json = (await readJson(join(modelDir, 'tokenizer.json'), null))!;
    const normalizer = json.normalizer as { type?: string; lowercase?: boolean } | null | undefined;
    if (opts.lowercase !== undefined && normalizer?.type === 'BertNormalizer') {
      json.normalizer = { ...normalizer, lowercase: opts.lowercase };
    }
    const merged = { ...bertTokenizerConfig(wordPieceOptions(config, opts)), ...config };
    return new BertTokenizer(json, merged);
  }
  const vocabFile = join(modelDir, 'vocab.txt');
  if (!existsSync(vocabFile)) {
    throw new DataError(`${modelDir} has neither tokenizer.json nor vocab.txt`);
  }
  const wp = wordPieceOptions(config, opts);
  const vocab = parseVocab(await readFile(vocabFile, 'utf8'));
  return fromVocab(vocab, wp, config, vocabFile);
}

/** A tokenizer for a vocabulary in id order. */
export function fromVocab(vocab: string[], wp: WordPieceOptions, config: Record<string, unknown> = {}, source = 'vocabulary'): BertTokenizer {
  let json: Record<string, unknown>;
  try {
    json = wordPieceTokenizerJson(vocab, wp);
  } catch (cause) {
    throw new DataError(`${source}: ${errorMessage(cause)}`, { cause });
  }
  return new BertTokenizer(json, { ...bertTokenizerConfig(wp), ...config });
}

function wordPieceOptions(config: Record<string, unknown>, opts: { lowercase?: boolean }): WordPieceOptions {
  const lowercase = opts.lowercase ?? (typeof config.do_lower_case === 'boolean' ? config.do_lower_case : true);
  const strip = config.strip_accents;
  const chinese = config.tokenize_chinese_chars;
  return {
    lowercase,
    stripAccents: typeof strip === 'boolean' ? strip : null,
    handleChineseChars: typeof chinese === 'boolean' ? chinese : true,
  };
}

async function readJson<T>(file: string, fallback: T): Promise<Record<string, unknown> | T> {
  if (!existsSync(file)) return fallback;
  const text = await readFile(file, 'utf8');
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch (cause) {
    throw new DataError(`${file} is not valid JSON (${errorMessage(cause)})`, { cause });
  }
}
