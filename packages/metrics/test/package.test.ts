// The package as a user gets it: `npm pack`, install the tarball into a project outside the repo
// (offline: it has no dependencies), then import it with ESM and CommonJS and typecheck a TypeScript
// consumer against the declarations it ships. Needs the build (metrics' test target depends on it).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PKG = fileURLToPath(new URL('..', import.meta.url));
const TSC = fileURLToPath(new URL('../../../node_modules/typescript/bin/tsc', import.meta.url));
// npm run by nx/npm passes npm_config_* (workspace, prefix…) down, and Nx sets FORCE_COLOR, which
// would colour console.log's numbers: the consumer inherits neither.
const cleanEnv = { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k))), FORCE_COLOR: '0', NO_COLOR: '1' };
const exec = (cmd: string, args: string[], cwd: string): string => execFileSync(cmd, args, { cwd, encoding: 'utf8', env: cleanEnv, stdio: ['ignore', 'pipe', 'pipe'] });

let consumer: string;
let packed: string[];

beforeAll(() => {
  consumer = mkdtempSync(join(tmpdir(), 'metrics-consumer-'));
  const out = JSON.parse(exec('npm', ['pack', '--json', '--pack-destination', consumer], PKG)) as { filename: string; files: { path: string }[] }[];
  packed = out[0]!.files.map((f) => f.path);
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
  exec('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', `./${out[0]!.filename}`], consumer);
});
afterAll(() => rmSync(consumer, { recursive: true, force: true }));

describe('@bertfit/metrics installed from its tarball', () => {
  it('ships the build, its types and the README, and no sources or tests', () => {
    expect(packed).toEqual(
      expect.arrayContaining(['package.json', 'README.md', 'dist/esm/index.js', 'dist/esm/index.d.ts', 'dist/cjs/index.js', 'dist/cjs/index.d.ts', 'dist/cjs/package.json']),
    );
    expect(packed.filter((f) => !f.startsWith('dist/') && !['package.json', 'README.md'].includes(f))).toEqual([]);
    expect(packed.filter((f) => f.endsWith('.tsbuildinfo') || f.includes('.test.'))).toEqual([]);
    expect(readdirSync(join(consumer, 'node_modules', '@bertfit', 'metrics'))).not.toContain('src');
  });

  it('imports as ESM', () => {
    const out = exec(
      'node',
      [
        '--input-type=module',
        '-e',
        "import { f1Score, confusionMatrix } from '@bertfit/metrics'; console.log(f1Score([0,1,2],[0,2,2],{average:'macro'}), JSON.stringify(confusionMatrix([0,1],[1,1])))",
      ],
      consumer,
    );
    expect(out.trim()).toBe('0.5555555555555555 [[0,1],[0,1]]');
  });

  it('requires as CommonJS, errors included', () => {
    const script =
      "const m = require('@bertfit/metrics'); console.log(m.accuracyScore([1],[1])); try { m.f1Score([0],[0,1]); } catch (e) { console.log(e instanceof m.MetricsError, e.message); }";
    expect(exec('node', ['-e', script], consumer).trim()).toBe('1\ntrue f1Score: yTrue and yPred have different lengths (yTrue: 1, yPred: 2)');
  });

  it('typechecks ESM and CommonJS TypeScript consumers against the shipped declarations, and rejects misuse', () => {
    const use =
      "const text: string = classificationReport([0, 1], [0, 1], { targetNames: ['a', 'b'] }).text;\nconst acc: number = accuracyScore([0, 1], [0, 1]) + text.length;\nconst avg: Average = 'macro';\nexport const f1: number = f1Score([0, 1], [0, 1], { average: avg }) + acc;\n";
    writeFileSync(join(consumer, 'esm.mts'), `import { accuracyScore, classificationReport, f1Score, type Average } from '@bertfit/metrics';\n${use}`);
    writeFileSync(
      join(consumer, 'cjs.cts'),
      `import m = require('@bertfit/metrics');\nconst { accuracyScore, classificationReport, f1Score } = m;\ntype Average = m.Average;\n${use}`,
    );
    // No @types at all: the declarations must stand alone (the package is dependency-free).
    const tsconfig = (files: string[]) => ({ compilerOptions: { strict: true, module: 'nodenext', noEmit: true, types: [] }, files });
    // tsc prints its errors on stdout and exits 2; '' means the files typecheck.
    const tsc = (files: string[]): string => {
      writeFileSync(join(consumer, 'tsconfig.json'), JSON.stringify(tsconfig(files)));
      return spawnSync('node', [TSC, '-p', 'tsconfig.json'], { cwd: consumer, encoding: 'utf8', env: cleanEnv }).stdout;
    };
    expect(tsc(['esm.mts', 'cjs.cts'])).toBe('');
    writeFileSync(join(consumer, 'bad.mts'), "import { f1Score } from '@bertfit/metrics';\nf1Score([0], [0], { average: 'mean' });\n");
    expect(tsc(['bad.mts'])).toMatch(/bad\.mts\(2,\d+\): error TS2769: No overload matches this call[\s\S]*Type '"mean"' is not assignable/);
  });
});
