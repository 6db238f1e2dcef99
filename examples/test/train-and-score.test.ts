// The programmatic example as a user runs it: plain node, no loader and no source condition, so it
// imports the packages' build (dist/) through their public entry points.
import { afterAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const EXAMPLE = fileURLToPath(new URL('../train-and-score.mjs', import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'bertfit-example-test-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('examples/train-and-score.mjs', () => {
  it('trains, scores three texts and prints sklearn-style metrics on the 600 demo test texts', () => {
    const env = { ...process.env, NODE_OPTIONS: '', FORCE_COLOR: '0', NO_COLOR: '1' };
    const stdout = execFileSync(process.execPath, [EXAMPLE, out], { encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'pipe'] });
    const lines = stdout.split('\n');
    expect(lines[0]).toMatch(new RegExp(`^trained 120 steps into ${join(out, 'demo')}; best f1_macro 0\\.\\d{4} at step (60|120)$`));
    expect(existsSync(join(out, 'demo', 'best', 'model.safetensors'))).toBe(true);
    for (const line of lines.slice(1, 4)) expect(line).toMatch(/^(negative|neutral|positive) +(0\.\d{3} ){3} \S/);
    const probs = lines[1]!.split(/ +/).slice(1, 4).map(Number);
    expect(probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 2);
    const [, acc, f1] = /^test accuracy (0\.\d{4}), macro F1 (0\.\d{4})$/.exec(lines[4]!) ?? [];
    expect(Number(acc)).toBeGreaterThan(1 / 3);
    expect(Number(f1)).toBeGreaterThan(0);
    expect(stdout).toMatch(new RegExp(`    accuracy +${Number(acc).toFixed(3)} +600\\n`));
  });
});
