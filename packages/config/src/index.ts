export { BertfitError } from './errors.js';
export { repoRoot, requireSharedDir, sharedDir } from './shared-dir.js';
