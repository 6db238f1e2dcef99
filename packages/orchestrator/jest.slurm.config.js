// Tests against a real single-node SLURM started from ../shared/slurm; run by .ci/run, not by `npm test`.
import { preset } from '../../jest.preset.js';

export default preset({ kind: 'slurm' });
