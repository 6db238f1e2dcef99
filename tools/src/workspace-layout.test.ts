// The README's package table and dependency chain are read by newcomers as the map of the code, so
// they are checked against the code itself: every package's `@bertfit/*` imports, its package.json
// dependencies and the README's chain must be the same sets, and the chain must have no cycle.
import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PACKAGE_DIRS = [...readdirSync(join(ROOT, 'packages')).map((name) => join('packages', name)), 'tools', 'examples'];

/** A package's short name: `@bertfit/metrics` → `metrics`; the CLI is `tools` as in the README. */
function shortName(dir: string): string {
  return basename(dir);
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules' || entry === 'dist' || entry === 'docs') continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (/\.(ts|mts|mjs|js|cjs)$/.test(entry) && !/\.test\.|\.d\.ts$/.test(entry)) out.push(path);
  }
  return out;
}

/** The `@bertfit/*` packages a package's shipped sources import (tests may use more, as dev dependencies). */
function importedPackages(dir: string): string[] {
  const roots = ['src', 'bin'].map((d) => join(ROOT, dir, d)).filter((d) => statSync(d, { throwIfNoEntry: false })?.isDirectory());
  const files = dir === 'examples' ? [join(ROOT, dir, 'train-and-score.mjs')] : roots.flatMap(sourceFiles);
  const names = new Set<string>();
  for (const file of files) {
    for (const m of readFileSync(file, 'utf8').matchAll(/(?:from\s+|import\(\s*|require\(\s*)['"]@bertfit\/([a-z-]+)/g)) names.add(m[1]!);
  }
  names.delete(ownName(dir));
  return [...names].map((n) => (n === 'cli' ? 'tools' : n)).sort();
}

function ownName(dir: string): string {
  return (JSON.parse(readFileSync(join(ROOT, dir, 'package.json'), 'utf8')) as { name: string }).name.replace('@bertfit/', '');
}

function declaredPackages(dir: string): string[] {
  const json = JSON.parse(readFileSync(join(ROOT, dir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  return Object.keys(json.dependencies ?? {})
    .filter((d) => d.startsWith('@bertfit/'))
    .map((d) => d.replace('@bertfit/', ''))
    .map((n) => (n === 'cli' ? 'tools' : n))
    .sort();
}

/** README's chain: the lines `name ← a, b` (or `← nothing`) of the fenced block under "## Packages". */
function readmeChain(): Map<string, string[]> {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Packages'));
  const block = /```text\n([\s\S]*?)```/.exec(section);
  if (!block) throw new Error('README.md: no ```text block with the dependency chain under "## Packages"');
  const chain = new Map<string, string[]>();
  for (const line of block[1]!.split('\n').filter((l) => l.includes('←'))) {
    const [name, deps] = line.split('←').map((s) => s.trim());
    chain.set(
      name!,
      deps === 'nothing'
        ? []
        : deps!
            .split(',')
            .map((d) => d.trim())
            .sort(),
    );
  }
  return chain;
}

function readmeTableRows(): string[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Packages'), readme.indexOf('\n## ', readme.indexOf('## Packages') + 3));
  return [...section.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]!).sort();
}

describe('workspace layout', () => {
  it.each(PACKAGE_DIRS)('%s: package.json lists exactly the @bertfit packages its sources import', (dir) => {
    expect(declaredPackages(dir)).toEqual(importedPackages(dir));
  });

  it("README's dependency chain is the packages' imports", () => {
    const chain = readmeChain();
    const actual = new Map(PACKAGE_DIRS.map((dir) => [shortName(dir), importedPackages(dir)]));
    expect(Object.fromEntries([...chain].sort())).toEqual(Object.fromEntries([...actual].sort()));
  });

  it("README's package table has one row per package folder", () => {
    expect(readmeTableRows()).toEqual([...PACKAGE_DIRS].sort());
  });

  it('the dependency chain has no cycle', () => {
    const deps = new Map(PACKAGE_DIRS.map((dir) => [shortName(dir), importedPackages(dir)]));
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (name: string, path: string[]): void => {
      if (state.get(name) === 'done') return;
      if (state.get(name) === 'visiting') throw new Error(`import cycle: ${[...path, name].join(' → ')}`);
      state.set(name, 'visiting');
      for (const d of deps.get(name) ?? []) visit(d, [...path, name]);
      state.set(name, 'done');
    };
    for (const name of deps.keys()) expect(() => visit(name, [])).not.toThrow();
  });
});
