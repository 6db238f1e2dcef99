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
    expect(validation.rows).toEqual(run.validation);
    expect(validation.labels).toEqual(run.validation.map((e) => e.label));
    expect(test.rows).toEqual(run.test);
    expect(test.ids).toEqual({ kind: 'row-number' });
    const seed42 = await loadInferExamples({ kind: 'split', split: 'test' }, resolveConfig({ preset: 'demo' }), labels);
    expect(seed42.rows.map((e) => e.text)).not.toEqual(test.rows.map((e) => e.text));
  });
});
