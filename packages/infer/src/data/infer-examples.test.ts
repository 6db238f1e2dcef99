import { describe, expect, it } from '@jest/globals';
import { resolveConfig } from '@bertfit/config';
import { loadRunData } from '@bertfit/train';
import { loadInferExamples } from './infer-examples.js';

describe('loadInferExamples', () => {
  it('scores the same validation and test examples the run trained against, whatever its seed', async () => {
    const config = resolveConfig({ preset: 'demo', set: ['seed=7'] });
    const run = await loadRunData(config);
    const labels = [...config.data.labels];
    const validation = await loadInferExamples({ kind: 'split', split: 'validation' }, config, labels);
    const test = await loadInferExamples({ kind: 'split', split: 'test' }, config, labels);
    expect(validation.examples).toEqual(run.validation);
    expect(test.examples).toEqual(run.test);
    const seed42 = await loadInferExamples({ kind: 'split', split: 'test' }, resolveConfig({ preset: 'demo' }), labels);
    expect(seed42.examples.map((e) => e.text)).not.toEqual(test.examples.map((e) => e.text));
  });
});
