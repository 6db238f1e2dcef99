// @bertfit/core: the small base under every bertfit package but metrics.

// Errors: every bertfit error is a BertfitError (message says what and where, `cause` kept).
export { BertfitError, errorMessage } from './errors.js';

// Crash-safe files and folders: one temp-name scheme, one atomic file write, one folder swap.
export { TMP_PREFIX, asideOf, asideSibling, isTmpName, tmpSibling } from './tmp-name.js';
export { fsyncPath, fsyncPathSync } from './fsync-path.js';
export { writeFileAtomic, writeFileAtomicSync } from './atomic-write.js';
export { removeDir, replaceDir } from './replace-dir.js';
export { removeTmpEntries } from './tmp-leftovers.js';
