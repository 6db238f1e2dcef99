import { readFileSync } from 'node:fs';

/** The CLI's version: tools/package.json's, read beside src/ or dist/ (both sit one folder below it). */
export function cliVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}
