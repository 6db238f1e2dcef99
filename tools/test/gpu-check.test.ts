import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '@bertfit/config';

// tools/gpu-check.sh end to end on the CPU with tiny sizes: the bundle is built as for the GPU machine
// and every check runs; PyTorch/transformers are optional here (their checks report "skipped").
describe('tools/gpu-check.sh on the CPU', () => {
  it('builds the bundle, and run passes parity, trains, and scores the checkpoint', () => {
    const root = repoRoot();
    const dir = mkdtempSync(join(tmpdir(), 'bertfit-gpu-check-'));
    const sh = (args: string[]) =>
      spawnSync('bash', [join(root, 'tools', 'gpu-check.sh'), ...args], {
        encoding: 'utf8',
        cwd: root,
        env: { ...process.env, NODE_PATH: join(root, 'node_modules'), OUT: join(dir, 'out') },
      });
    const build = sh(['build', join(dir, 'bundle')]);
    expect(build.stderr).toBe('');
    expect(build.stdout).toMatch(/^gpu-check build: \d+ bytes in /);
    const run = sh(['run', '--device', 'cpu', '--size', 'tiny', '--steps', '3', '--batch', '4', '--seq', '16', '--bundle', join(dir, 'bundle')]);
    expect(run.status).toBe(0);
    const results = readFileSync(join(dir, 'out', 'results.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const by = Object.fromEntries(results.map((r) => [r.check ?? 'doctor', r]));
    expect(by.doctor.onnxruntimeNode).toBe('1.30.0');
    expect(by.parity).toMatchObject({ device: 'cpu', ok: true, maxAbsDiff: { logits: 0, loss: 0, grads: 0 } });
    expect(by.parity.maxAbsDiff.logitsVsTorch).toBeLessThanOrEqual(1e-5);
    expect(by.train).toMatchObject({ device: 'cpu', precision: 'fp32', size: 'tiny', batch: 4, seq: 16, steps: 3 });
    expect(by.train.samples_per_s).toBeGreaterThan(0);
    expect(by.logits).toMatchObject({ device: 'cpu', rows: 16 });
    const logits = JSON.parse(readFileSync(by.logits.file, 'utf8'));
    expect(logits.logits).toHaveLength(16);
    expect(logits.logits.flat().every(Number.isFinite)).toBe(true);
    for (const py of [by.torch_train, by.hf_logits]) expect(py.ok === true || (py.ok === null && typeof py.skipped === 'string')).toBe(true);
  });
});
