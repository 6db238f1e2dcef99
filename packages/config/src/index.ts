// @bertfit/config: the typed run config, and where the repository and its shared/ folder are.

// Resolving a run config: recipe defaults ← preset ← JSON/JSONC file ← `--set path=value`, validated and frozen.
export { resolveConfig, parseConfig, type ResolveOptions } from './resolve.js';
export { loadConfigFile } from './load-file.js';
// One `path=value` override checked against the schema: `--set` text, or a sweep trial's typed grid value.
export { parseOverride, checkOverride, applyOverride, type Override } from './overrides.js';
export { PRESETS, PRESET_NAMES, type PresetName } from './presets.js';

// The schema: its input and resolved types, the metric names, and every field's documentation.
export { configSchema, METRIC_NAMES, type ConfigInput, type ResolvedConfig } from './schema/index.js';
export { configDocs, type FieldDoc } from './docs.js';

// A config problem: a BertfitError (of @bertfit/core) that also carries the config path.
export { ConfigError } from './config-error.js';

// Shared by the packages: process identity, the repository root and its shared/ folder.
export { isSameProcessAlive, procStart } from './process-identity.js';
export { repoRoot, requireSharedDir, sharedDir } from './shared-dir.js';
