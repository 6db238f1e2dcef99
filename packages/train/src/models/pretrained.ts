// Loading a Hugging Face checkpoint into a BertForSequenceClassification ParamStore, as
// `from_pretrained` does: BertForPreTraining / BertForMaskedLM files (`bert.` prefix, `cls.*` heads),
// BertModel files (no prefix), old TF-era `LayerNorm.gamma/beta` names. A missing classifier is
// freshly initialised (with a warning naming it); anything else missing or misshaped is an error, and
// so is a parameter stored with an integer dtype. Integer buffers (position_ids) are skipped with a note.
import { BertfitError } from '@bertfit/core';
import { describeIgnored, isKnownBuffer, type SafetensorsFile } from '../io/safetensors.js';
import type { ParamStore } from '../runtime/param-store.js';
import type { BertConfig } from './bert-config.js';
import { initBertParams } from './bert-init.js';

export interface PretrainedLoadResult {
  /** Store tensors the file lacked (only `classifier.*` can be missing without an error). */
  missing: string[];
  /** File tensors that map to no parameter (e.g. `cls.predictions.*`), as HF reports them. */
  unexpected: string[];
  /** Tensors freshly initialised because they were missing. */
  initialised: string[];
  /** Known integer buffers (`embeddings.position_ids`, …) skipped with a note, as transformers does. */
  skipped: string[];
}

export interface PretrainedLoadOptions {
  /** Seed of the fresh classifier (the run's seed). */
  seed?: number;
  /** Where the "newly initialised" and "not used" warnings (and the note on skipped buffers) go. */
  warn?: (message: string) => void;
}

/** HF's legacy renames: TF-era LayerNorm `gamma`/`beta` are `weight`/`bias`. */
function modernName(name: string): string {
  return name.replace(/\.gamma$/, '.weight').replace(/\.beta$/, '.bias');
}

/** The parameter a file tensor loads into (after HF's renames and the optional `bert.` prefix), or null. */
function parameterFor(store: ParamStore, fileName: string): string | null {
  const modern = modernName(fileName);
  return store.has(modern) ? modern : store.has(`bert.${modern}`) ? `bert.${modern}` : null;
}

/** Fills `store` from a checkpoint; `source` names the file in errors and warnings. */
export function loadPretrainedWeights(store: ParamStore, cfg: BertConfig, file: SafetensorsFile, source: string, opts: PretrainedLoadOptions = {}): PretrainedLoadResult {
  const warn = opts.warn ?? ((m: string) => console.warn(m));
  const target = new Map<string, string>(); // parameter name -> file name
  const unexpected: string[] = [];
  for (const fileName of file.tensors.keys()) {
    const param = parameterFor(store, fileName);
    if (param === null) {
      unexpected.push(fileName);
      continue;
    }
    const clash = target.get(param);
    if (clash !== undefined) {
      throw new BertfitError(`loading pretrained weights from ${source}: tensors '${clash}' and '${fileName}' both map to parameter '${param}'`);
    }
    target.set(param, fileName);
  }
  const skipped = file.ignored.filter((t) => isKnownBuffer(t.name));
  for (const t of file.ignored.filter((x) => !isKnownBuffer(x.name))) {
    const param = parameterFor(store, t.name);
    if (param !== null) {
      const label = param === t.name ? describeIgnored(t) : `${describeIgnored(t)} (parameter '${param}')`;
      throw new BertfitError(`loading pretrained weights from ${source}: tensor ${label} is not a float tensor; parameters are read from F32, F16 or BF16`);
    }
    unexpected.push(t.name);
  }
  if (skipped.length > 0) warn(`note: skipped ${skipped.map(describeIgnored).join(', ')} in ${source}: buffers transformers saves beside the weights, not parameters`);

  const missing = store.specs.map((s) => s.name).filter((n) => !target.has(n));
  const fatal = missing.filter((n) => !n.startsWith('classifier.'));
  if (fatal.length > 0) {
    throw new BertfitError(`loading pretrained weights from ${source}: missing ${fatal.length} tensor(s): ${fatal.join(', ')}`);
  }
  for (const [param, fileName] of target) {
    const t = file.tensors.get(fileName)!;
    try {
      store.loadOne(param, t, source);
    } catch (err) {
      const label = fileName === param ? `'${param}'` : `'${fileName}' (parameter '${param}')`;
      const shape = `[${t.shape.join(', ')}]`;
      const want = `[${store.spec(param).shape.join(', ')}]`;
      throw new BertfitError(`loading pretrained weights from ${source}: tensor ${label} has shape ${shape}, expected ${want}`, { cause: err });
    }
  }
  if (missing.length > 0) {
    initBertParams(store, cfg, opts.seed ?? 0, missing);
    warn(
      `Some weights of BertForSequenceClassification were not initialized from the model checkpoint at ${source} ` +
        `and are newly initialized: [${missing.join(', ')}]. You should probably TRAIN this model on a down-stream task.`,
    );
  }
  if (unexpected.length > 0) {
    warn(`Some weights of the model checkpoint at ${source} were not used: [${unexpected.join(', ')}]`);
  }
  return { missing, unexpected, initialised: [...missing], skipped: skipped.map((t) => t.name) };
}
