import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, configDocs, resolveConfig } from './index.js';

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'bertfit-config-'));
}

function errorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('resolveConfig defaults', () => {
  it('are exactly the recipe table of the README', () => {
    const c = resolveConfig({ cwd: '/srv/x' });
    expect(c.model).toEqual({
      name: 'google-bert/bert-base-uncased',
      init: 'pretrained',
      dropout: 0.1,
      architecture: { numHiddenLayers: null, hiddenSize: null, numAttentionHeads: null, intermediateSize: null },
    });
    expect(c.data).toMatchObject({
      source: 'hub',
      dataset: 'mteb/tweet_sentiment_extraction',
      revision: 'main',
      labels: ['negative', 'neutral', 'positive'],
      split: { method: 'head', validationFraction: 0.1, seed: 42 },
      emptyText: 'keep',
      maxLength: 128,
    });
    expect(c.train).toMatchObject({
      epochs: 12,
      maxSteps: null,
      perDeviceBatchSize: 64,
      gradientAccumulationSteps: 2,
      learningRate: 2e-5,
      weightDecay: 0.01,
      adamBeta1: 0.9,
      adamBeta2: 0.999,
      adamEpsilon: 1e-8,
      scheduler: 'cosine',
      warmupSteps: 500,
      maxGradNorm: 1,
      classWeights: 'balanced',
      precision: 'fp32',
      devices: ['cpu'],
      logEvery: 50,
      evalEvery: 250,
      saveEvery: 250,
      saveTotalLimit: null,
      metricForBest: 'f1_macro',
      greaterIsBetter: true,
      earlyStopping: { patience: 5, threshold: 0 },
      shuffle: true,
      dropLast: true,
      groupByLength: false,
    });
    expect(c.infer).toEqual({ batchSize: 64, split: 'test' });
    expect(c.orchestrator.auto).toEqual({ metric: null, target: null, dropPatience: 1, selectOn: 'validation' });
    expect(c.orchestrator.sweep).toEqual({ strategy: 'grid', grid: {}, trials: null, maxConcurrent: 2, maxAttempts: 2, keepCheckpoints: 'bestAndLast' });
    expect(c.outputDir).toBe('/srv/x/runs');
  });

  it('is deeply frozen', () => {
    const c = resolveConfig();
    expect(Object.isFrozen(c)).toBe(true);
    expect(Object.isFrozen(c.train.earlyStopping)).toBe(true);
    expect(() => {
      (c.train as { epochs: number }).epochs = 3;
    }).toThrow(TypeError);
  });

  it('documents every field', () => {
    const docs = configDocs();
    expect(docs.length).toBeGreaterThan(50);
    for (const d of docs) expect(d.doc.length).toBeGreaterThan(5);
    expect(docs.find((d) => d.path === 'train.warmupSteps')?.doc).toMatch(/optimizer steps/);
  });

  it('lists the accepted values of enum fields (and of enum members of unions)', () => {
    const docs = configDocs();
    expect(docs.find((d) => d.path === 'data.emptyText')?.choices).toEqual(['keep', 'drop', 'error']);
    expect(docs.find((d) => d.path === 'train.classWeights')?.choices).toEqual(['balanced', 'none']);
    expect(docs.find((d) => d.path === 'train.learningRate')?.choices).toBeUndefined();
  });
});

describe('layers: preset, file, --set', () => {
  it('applies preset < file < --set, with paths resolved against cwd', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'c.jsonc'), '{\n // comment\n "train": { "learningRate": 5e-5, "epochs": 2 }, "data": {"source":"local","trainFile":"t.csv"} }');
    const c = resolveConfig({ file: 'c.jsonc', cwd: dir, preset: 'demo', set: ['train.epochs=4', 'train.maxGradNorm=null'] });
    expect(c.train.learningRate).toBe(5e-5);
    expect(c.train.epochs).toBe(4);
    expect(c.train.maxGradNorm).toBeNull();
    expect(c.train.perDeviceBatchSize).toBe(16); // from the demo preset
    expect(c.data.trainFile).toBe(join(dir, 't.csv'));
    expect(c.outputDir).toBe(join(dir, 'runs'));
  });

  it('lets --set complete a file that is only valid once overridden', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'c.json'), JSON.stringify({ data: { source: 'local' }, train: { metricForBest: 'loss' } }));
    const c = resolveConfig({ file: 'c.json', cwd: dir, set: ['data.trainFile=t.csv', 'train.greaterIsBetter=false'] });
    expect(c.data.trainFile).toBe(join(dir, 't.csv'));
    expect(() => resolveConfig({ file: 'c.json', cwd: dir })).toThrow('data.trainFile: null, but data.source is "local"');
  });

  it('coerces --set values by the schema type', () => {
    const c = resolveConfig({
      set: [
        'name=123',
        'train.shuffle=false',
        'data.labels=neg,pos',
        'train.classWeights=1,2.5',
        'train.devices=cuda:1',
        'orchestrator.sweep.grid.train.learningRate=1e-5,3e-5',
        'train.classWeights=[2,3]',
      ],
    });
    expect(c.name).toBe('123');
    expect(c.train.shuffle).toBe(false);
    expect(c.data.labels).toEqual(['neg', 'pos']);
    expect(c.train.classWeights).toEqual([2, 3]);
    expect(c.train.devices).toEqual(['cuda:1']);
    expect(c.orchestrator.sweep.grid).toEqual({ 'train.learningRate': [1e-5, 3e-5] });
  });

  it('treats an existing local folder as a local model, like from_pretrained', () => {
    const dir = tmp();
    mkdirSync(join(dir, 'my-model'));
    expect(resolveConfig({ cwd: dir, set: ['model.name=my-model'] }).model.name).toBe(join(dir, 'my-model'));
    expect(resolveConfig({ cwd: dir, set: ['model.name=org/hub-model'] }).model.name).toBe('org/hub-model');
  });
});

describe('paths of a config file resolve against its folder', () => {
  it('data files, outputDir and a local model folder; --set paths against cwd; absolute paths unchanged', () => {
    const cwd = tmp();
    const confDir = join(cwd, 'configs', 'exp1');
    mkdirSync(join(confDir, 'model'), { recursive: true });
    writeFileSync(
      join(confDir, 'c.json'),
      JSON.stringify({
        outputDir: '../runs',
        model: { name: 'model' },
        data: { source: 'local', trainFile: 'data/train.csv', testFile: '/abs/test.csv' },
      }),
    );
    const c = resolveConfig({ file: 'configs/exp1/c.json', cwd });
    expect(c.outputDir).toBe(join(cwd, 'configs', 'runs'));
    expect(c.data.trainFile).toBe(join(confDir, 'data', 'train.csv'));
    expect(c.data.testFile).toBe('/abs/test.csv');
    expect(c.model.name).toBe(join(confDir, 'model'));
    const overridden = resolveConfig({ file: 'configs/exp1/c.json', cwd, set: ['data.trainFile=mine.csv', 'outputDir=out'] });
    expect(overridden.data.trainFile).toBe(join(cwd, 'mine.csv'));
    expect(overridden.outputDir).toBe(join(cwd, 'out'));
  });

  it('a model name that is no folder beside the file stays a Hub id, even where the current directory has that folder', () => {
    const cwd = tmp();
    mkdirSync(join(cwd, 'org', 'hub-model'), { recursive: true });
    mkdirSync(join(cwd, 'conf'));
    writeFileSync(join(cwd, 'conf', 'c.json'), JSON.stringify({ model: { name: 'org/hub-model' } }));
    expect(resolveConfig({ file: 'conf/c.json', cwd }).model.name).toBe('org/hub-model');
    // given with --set, it is looked up in the current directory
    expect(resolveConfig({ file: 'conf/c.json', cwd, set: ['model.name=org/hub-model'] }).model.name).toBe(join(cwd, 'org', 'hub-model'));
  });
});

describe('Hugging Face names suggest their bertfit paths', () => {
  it.each([
    ['train.batchSize=16', 'train.batchSize', 'train.perDeviceBatchSize'],
    ['per_device_train_batch_size=16', 'per_device_train_batch_size', 'train.perDeviceBatchSize'],
    ['train.lr=1e-4', 'train.lr', 'train.learningRate'],
    ['num_train_epochs=3', 'num_train_epochs', 'train.epochs'],
    ['warmup_steps=10', 'warmup_steps', 'train.warmupSteps'],
    ['weight_decay=0', 'weight_decay', 'train.weightDecay'],
    ['max_grad_norm=1', 'max_grad_norm', 'train.maxGradNorm'],
  ])('--set %s', (arg, key, path) => {
    expect(errorOf(() => resolveConfig({ set: [arg] })).message).toBe(`bad --set "${arg}": unknown config key "${key}". Did you mean "${path}"?`);
  });

  it('in a config file too', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'c.json'), JSON.stringify({ train: { learning_rate: 1e-4 } }));
    expect(errorOf(() => resolveConfig({ file: join(dir, 'c.json') })).message).toContain('unknown config key "train.learning_rate". Did you mean "train.learningRate"?');
  });
});

describe('errors name the path, the value and what was expected', () => {
  it('unknown key in a file, with a suggestion', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'c.json'), JSON.stringify({ train: { lerningRate: 1e-4 } }));
    const e = errorOf(() => resolveConfig({ file: join(dir, 'c.json') }));
    expect(e.message).toBe(`invalid config (config file ${join(dir, 'c.json')}):\n  - unknown config key "train.lerningRate". Did you mean "train.learningRate"?`);
  });

  it('a config file with a byte-order mark is read', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'bom.json'), `\uFEFF${JSON.stringify({ seed: 7 })}`);
    expect(resolveConfig({ file: join(dir, 'bom.json') }).seed).toBe(7);
  });

  it('a key given twice in one object is an error naming the line', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'dup.json'), '{\n  "train": {\n    "learningRate": 1e-4,\n    "learningRate": 3e-4\n  }\n}');
    expect(errorOf(() => resolveConfig({ file: join(dir, 'dup.json') })).message).toBe(
      `config file ${join(dir, 'dup.json')} line 4: key "learningRate" is given twice in the same object (first on line 3); JSON would silently keep the last one`,
    );
  });

  it('a number too large for a double (1e400) is named as Infinity, not as null', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'inf.json'), '{"train": {"learningRate": 1e400}}');
    expect(errorOf(() => resolveConfig({ file: join(dir, 'inf.json') })).message).toContain(
      'train.learningRate: Infinity is not a finite number (a JSON number too large for a double, such as 1e400, reads as Infinity)',
    );
    expect(errorOf(() => resolveConfig({ set: ['train.learningRate=Infinity'] })).message).toContain('train.learningRate: Infinity is not a finite number');
  });

  it('unknown --set key, suggested from the whole config', () => {
    expect(errorOf(() => resolveConfig({ set: ['warmupSteps=10'] })).message).toBe(
      'bad --set "warmupSteps=10": unknown config key "warmupSteps". Did you mean "train.warmupSteps"?',
    );
  });

  it('wrong type', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'c.json'), JSON.stringify({ train: { epochs: 'ten' } }));
    expect(errorOf(() => resolveConfig({ file: join(dir, 'c.json') })).message).toContain('train.epochs: expected number, got string "ten"');
    expect(errorOf(() => resolveConfig({ set: ['train.shuffle=yes'] })).message).toBe('bad --set "train.shuffle=yes": train.shuffle: expected true or false, got "yes"');
  });

  it('out of range', () => {
    const e = errorOf(() => resolveConfig({ set: ['train.learningRate=-1'] }));
    expect(e.message).toBe('bad --set "train.learningRate=-1": train.learningRate: -1 is out of range, expected a value > 0');
    expect(e.path).toBe('train.learningRate');
    expect(errorOf(() => resolveConfig({ set: ['data.split.validationFraction=1'] })).message).toContain('data.split.validationFraction: 1 is out of range, expected a value < 1');
    expect(errorOf(() => resolveConfig({ set: ['train.saveTotalLimit=0'] })).message).toContain('train.saveTotalLimit: 0 is out of range, expected a value ≥ 1');
  });

  it('bad --set syntax', () => {
    expect(errorOf(() => resolveConfig({ set: ['train.epochs'] })).message).toBe('bad --set "train.epochs": expected path=value, e.g. --set train.learningRate=3e-5');
    expect(errorOf(() => resolveConfig({ set: ['=3'] })).message).toContain('expected path=value');
    expect(errorOf(() => resolveConfig({ set: ['train..epochs=3'] })).message).toBe('bad --set "train..epochs=3": the path "train..epochs" has an empty segment');
    expect(errorOf(() => resolveConfig({ set: ['train=3'] })).message).toContain('train is a section');
  });

  it('unreadable or invalid JSON file', () => {
    const dir = tmp();
    expect(errorOf(() => resolveConfig({ file: join(dir, 'missing.json') })).message).toBe(`cannot read config file ${join(dir, 'missing.json')}: it does not exist`);
    expect(errorOf(() => resolveConfig({ file: dir })).message).toBe(`cannot read config file ${dir}: it is a directory`);
    writeFileSync(join(dir, 'bad.json'), '{\n  "train": {\n    "epochs": 3,\n  }\n}');
    const e = errorOf(() => resolveConfig({ file: join(dir, 'bad.json') }));
    expect(e.message).toMatch(new RegExp(`^config file ${join(dir, 'bad.json')} is not valid JSON at line 4, column 3: `));
    expect(e.cause).toBeInstanceOf(SyntaxError);
    writeFileSync(join(dir, 'arr.json'), '[1]');
    expect(errorOf(() => resolveConfig({ file: join(dir, 'arr.json') })).message).toContain('must hold a JSON object, found an array');
  });

  it('train.devices "auto" and SLURM GPU requests', () => {
    const auto = resolveConfig({ set: ['train.devices=auto', 'train.precision=fp16', 'orchestrator.executor=slurm', 'orchestrator.slurm.gpusPerTask=2'] });
    expect(auto.train.devices).toBe('auto');
    expect(auto.orchestrator.slurm.gpusPerTask).toBe(2);
    expect(resolveConfig({ set: ['train.devices=cuda:1', 'orchestrator.slurm.gpusPerTask=2'] }).train.devices).toEqual(['cuda:1']);
    expect(errorOf(() => resolveConfig({ set: ['train.devices=cuda:2', 'orchestrator.executor=slurm', 'orchestrator.slurm.gpusPerTask=2'] })).message).toContain(
      'train.devices: ["cuda:2"] beyond the 2 GPU(s) of orchestrator.slurm.gpusPerTask; a job sees its GPUs as cuda:0..cuda:1 (or use "auto")',
    );
    expect(errorOf(() => resolveConfig({ set: ['train.devices=gpu'] })).message).toContain('train.devices');
    expect(errorOf(() => resolveConfig({ set: ['orchestrator.slurm.gpusPerTask=0'] })).message).toContain('orchestrator.slurm.gpusPerTask');
  });

  it('enum values and cross-field rules', () => {
    expect(errorOf(() => resolveConfig({ set: ['train.scheduler=cosin'] })).message).toBe(
      'bad --set "train.scheduler=cosin": train.scheduler: "cosin" is not allowed, expected one of "constant" | "linear" | "cosine"',
    );
    expect(errorOf(() => resolveConfig({ set: ['data.source=local'] })).message).toContain('data.trainFile: null, but data.source is "local"');
    expect(errorOf(() => resolveConfig({ set: ['train.precision=bf16'] })).message).toContain(
      'train.precision: "bf16" needs cuda devices (onnxruntime\'s CPU provider has no bfloat16 MatMul), but train.devices is ["cpu"]',
    );
    expect(resolveConfig({ set: ['train.precision=bf16', 'train.devices=cuda:0'] }).train.precision).toBe('bf16');
    expect(resolveConfig({ set: ['train.precision=fp16'] }).train).toMatchObject({ precision: 'fp16', lossScale: { init: 65536, growthInterval: 2000 } });
    expect(errorOf(() => resolveConfig({ set: ['train.lossScale.growthInterval=0'] })).message).toContain('train.lossScale.growthInterval');
    expect(resolveConfig({ set: ['train.devices=cpu,cpu'] }).train.devices).toEqual(['cpu', 'cpu']);
    expect(errorOf(() => resolveConfig({ set: ['train.devices=cpu,gpu'] })).message).toContain('train.devices: "cpu,gpu" does not fit: one data-parallel replica per entry');
    expect(errorOf(() => resolveConfig({ set: ['train.devices=cpu,cpu', 'train.stepsPerRun=2'] })).message).toContain('train.stepsPerRun: 2 (resident steps) runs on one device');
    expect(errorOf(() => resolveConfig({ set: ['train.precision=fp16', 'train.stepsPerRun=2'] })).message).toContain(
      'train.stepsPerRun: 2 (resident steps) runs AdamW inside the graph in fp32 only',
    );
    expect(errorOf(() => resolveConfig({ set: ['train.classWeights=1,2'] })).message).toContain('train.classWeights: 2 weights given for 3 labels');
    expect(errorOf(() => resolveConfig({ set: ['model.architecture.hiddenSize=100', 'model.architecture.numAttentionHeads=3'] })).message).toContain(
      'hiddenSize: 100 is not divisible by model.architecture.numAttentionHeads 3',
    );
    expect(errorOf(() => resolveConfig({ set: ['orchestrator.sweep.grid.train.lerningRate=1,2'] })).message).toContain(
      '"train.lerningRate" is not a config path a trial can vary. Did you mean "train.learningRate"?',
    );
    expect(errorOf(() => resolveConfig({ set: ['orchestrator.auto.target=79.43'] })).message).toContain('orchestrator.auto.target: 79.43 is out of range, expected a value ≤ 1');
  });
});
