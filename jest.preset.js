// Shared jest settings: ESM TypeScript through swc, and an environment in which
// onnxruntime-node's typed arrays pass onnxruntime-common's instanceof checks. Tests run the sources:
// the "@bertfit/source" export condition maps every @bertfit package to its src/index.ts, not dist/.
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = dirname(fileURLToPath(import.meta.url));

/** @param {{ kind?: 'unit' | 'shared' | 'slurm' }} [opts] */
export function preset(opts = {}) {
  const kind = opts.kind ?? 'unit';
  const suffix = kind === 'unit' ? '' : `.${kind}`;
  const ignore = ['/node_modules/'];
  if (kind === 'unit') ignore.push('\\.shared\\.test\\.ts$', '\\.slurm\\.test\\.ts$');
  return {
    testEnvironment: join(root, 'tools/jest/ort-environment.cjs'),
    testEnvironmentOptions: { customExportConditions: ['@bertfit/source', 'node', 'node-addons'] },
    extensionsToTreatAsEsm: ['.ts'],
    transform: {
      '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'es6' } }],
    },
    moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
    testMatch: [`<rootDir>/src/**/*${suffix}.test.ts`, `<rootDir>/test/**/*${suffix}.test.ts`],
    testPathIgnorePatterns: ignore,
    testTimeout: 120_000,
    reporters: ['default', [join(root, 'tools/jest/summary-reporter.cjs'), { kind }]],
  };
}
