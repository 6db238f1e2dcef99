// tsc writes the CommonJS build as .js files inside a "type": "module" package; this marker makes
// Node (and TypeScript) read dist/cjs as CommonJS. Run after `tsc -b` (the build and npm ci's prepare).
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('../dist/cjs/', import.meta.url));
mkdirSync(dir, { recursive: true });
writeFileSync(`${dir}package.json`, '{ "type": "commonjs" }\n');
