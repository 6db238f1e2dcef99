import { describe, it, expect } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveConfig } from '@bertfit/config';
import { clusterForSuite } from '../../test/slurm-cluster.js';
import { runAuto } from './run-auto.js';

// The real thing: the demo preset (embedded data, small BERT from scratch) trained and evaluated by
// the bertfit CLI as SLURM jobs, driven by the auto-evaluator.
const suite = clusterForSuite('demo');

describe('bertfit auto on the demo preset through SLURM', () => {
  it('trains, evaluates every checkpoint in order, backs up the best and scores test once', async () => {
    const cfg = resolveConfig({ preset: 'demo', set: [`outputDir=${suite.root()}`, 'orchestrator.executor=slurm', 'orchestrator.auto.dropPatience=3', 'train.epochs=2'] });
    const s = await runAuto(cfg, { poll: { minMs: 500, maxMs: 2000, factor: 1.5 }, log: () => undefined });
    const steps = s.evaluated.map((p) => p.step);
    expect(steps.length).toBeGreaterThan(1);
    expect([...steps].sort((a, b) => a - b)).toEqual(steps);
    expect(s.evaluated.every((p) => p.error === null && p.value !== null && p.value > 0 && p.value <= 1)).toBe(true);
    expect(s.best).not.toBeNull();
    expect(s.best!.value).toBe(Math.max(...s.evaluated.map((p) => p.value!)));
    expect(existsSync(join(s.best!.checkpoint, 'model.safetensors'))).toBe(true);
    expect(s.test).toMatchObject({ accuracy: expect.any(Number), f1_macro: expect.any(Number) });
    expect(readFileSync(s.files.markdown, 'utf8')).toContain(`| ${s.best!.step} | ${s.best!.value.toFixed(4)} **best** |`);
    const started = JSON.parse(readFileSync(join(s.workDir, 'jobs', 'train', 'started.json'), 'utf8'));
    expect(started.slurmJobId).toMatch(/^\d+$/);
  }, 400_000);
});
