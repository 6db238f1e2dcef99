import { describe, it, expect } from '@jest/globals';
import { resolveConfig, type ResolvedConfig } from '@bertfit/config';
import type { RunConfigLike } from './config-types.js';
import { autoSettings } from './auto/run-auto.js';
import { planTrials } from './sweep/search-space.js';
import { trialConfig } from './sweep/trial-config.js';

describe('the resolved config of @bertfit/config drives the orchestrator', () => {
  it('accepts the demo preset with a grid override, and applies trial overrides to a frozen config', () => {
    const cfg: ResolvedConfig = resolveConfig({ preset: 'demo', set: ['orchestrator.sweep.grid={"train.learningRate":[0.0005,0.001]}'] });
    const like: RunConfigLike = cfg; // compile-time: ResolvedConfig fits RunConfigLike
    const plans = planTrials(like.orchestrator.sweep, like.seed);
    expect(plans.map((p) => p.overrides)).toEqual([{ 'train.learningRate': 0.0005 }, { 'train.learningRate': 0.001 }]);
    expect(trialConfig(like, plans[0]!.overrides).train.learningRate).toBe(0.0005);
    // auto.metric unset: the run's train.metricForBest and its direction, so auto and training agree on "best".
    expect(autoSettings(like)).toEqual({ metric: 'f1_macro', target: null, dropPatience: 4, selectOn: 'validation', greaterIsBetter: true });
    const byLoss = resolveConfig({ preset: 'demo', set: ['train.metricForBest=loss', 'train.greaterIsBetter=false'] });
    expect(autoSettings(byLoss)).toMatchObject({ metric: 'loss', greaterIsBetter: false });
    const named = resolveConfig({ preset: 'demo', set: ['orchestrator.auto.metric=accuracy'] });
    expect(autoSettings(named)).toMatchObject({ metric: 'accuracy', greaterIsBetter: true });
  });
});
