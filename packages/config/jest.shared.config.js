// Tests that read ../shared (real tweets, vocab.txt, fixtures); run by .ci/run, not by `npm test`.
import { preset } from '../../jest.preset.js';

export default preset({ kind: 'shared' });
