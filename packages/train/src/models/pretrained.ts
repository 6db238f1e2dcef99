// Loading a Hugging Face checkpoint into a BertForSequenceClassification ParamStore, as
// `from_pretrained` does: BertForPreTraining / BertForMaskedLM files (`bert.` prefix, `cls.*` heads),
// BertModel files (no prefix), old TF-era `LayerNorm.gamma/beta` names. A missing classifier is
// freshly initialised (with a warning naming it); anything else missing or misshaped is an error.
import { BertfitError } from '@bertfit/config';
import type { SafetensorsFile } from '../io/safetensors.js';
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
}

export interface PretrainedLoadOptions {
  /** Seed of the fresh classifier (the run's seed). */
  seed?: number;
  /** Where the "newly initialised" and "not used" warnings go. */
  warn?: (message: string) => void;
}

/** HF's legacy renames: TF-era LayerNorm `gamma`/`beta` are `weight`/`bias`. */
function modernName(name: string): string {
  return name.replace(/\.gamma$/, '.weight').replace(/\.beta$/, '.bias');
}

/** Fills `store` from a checkpoint; `source` names the file in errors and warnings. */
export function loadPretrainedWeights(
  store: ParamStore,
  cfg: BertConfig,
  file: SafetensorsFile,
  source: string,
  opts: PretrainedLoadOptions = {},
): PretrainedLoadResult {
  const warn = opts.warn ?? ((m: string) => console.warn(m));
  const target = new Map<string, string>(); // parameter name -> file name
  const unexpected: string[] = [];
  for (const fileName of file.tensors.keys()) {
    const modern = modernName(fileName);
    const param = store.has(modern) ? modern : store.has(`bert.${modern}`) ? `bert.${modern}` : null;
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
  for (const t of file.ignored) unexpected.push(t.name);

  const missing = store.specs.map((s) => s.name).filter((n) => !target.has(n));
  const fatal = missing.filter((n) => !n.startsWith('classifier.'));
  if (fatal.length > 0) {
    const notFloat = new Map(file.ignored.map((t) => [modernName(t.name).replace(/^bert\./, ''), t.dtype]));
    const described = fatal.map((n) => {
      const dtype = notFloat.get(n.replace(/^bert\./, ''));
      return dtype === undefined ? n : `${n} (present as ${dtype}, not a float dtype)`;
    });
    throw new BertfitError(
      `loading pretrained weights from ${source}: missing ${fatal.length} tensor(s): ${described.join(', ')}`,
    );
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
  return { missing, unexpected, initialised: [...missing] };
}
