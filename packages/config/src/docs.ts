import { describe, enumValues, leafPaths, locate } from './schema-walk.js';
import { configSchema } from './schema/index.js';

export interface FieldDoc {
  path: string;
  default: unknown;
  doc: string;
  /** The accepted values of an enum field (what the user may write), else absent. */
  choices?: string[];
}

/** Every leaf of the config with its default and documentation, for `bertfit config docs`. */
export function configDocs(): FieldDoc[] {
  const defaults = configSchema.parse({}) as Record<string, unknown>;
  return leafPaths().map((path) => {
    const loc = locate(path);
    let value: unknown = defaults;
    for (const k of path) value = (value as Record<string, unknown>)[k];
    const choices = loc.kind === 'leaf' ? enumValues(loc.schema) : null;
    return { path: path.join('.'), default: value, doc: (loc.kind === 'leaf' && describe(loc.schema)) || '', ...(choices ? { choices } : {}) };
  });
}
