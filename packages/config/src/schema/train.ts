import { z } from 'zod';
import { field, nonNegativeInt, positiveInt, section } from './field.js';

export const METRIC_NAMES = ['accuracy', 'precision_macro', 'recall_macro', 'f1_macro', 'f1_weighted', 'loss'] as const;

export const trainSchema = section(
  {
    epochs: field(positiveInt(), 12, 'maximum passes over the train split'),
    maxSteps: field(positiveInt().nullable(), null, 'optimizer steps (after accumulation) to train for; wins over epochs when set'),
    perDeviceBatchSize: field(positiveInt(), 64, 'examples per micro-batch per device'),
    gradientAccumulationSteps: field(positiveInt(), 2, 'micro-batches per optimizer step'),
    learningRate: field(z.number().gt(0).max(1), 2e-5, 'peak learning rate of AdamW'),
    weightDecay: field(z.number().min(0).max(1), 0.01, 'decoupled weight decay; biases and LayerNorm weights get none'),
    adamBeta1: field(z.number().min(0).lt(1), 0.9, 'AdamW β1'),
    adamBeta2: field(z.number().min(0).lt(1), 0.999, 'AdamW β2'),
    adamEpsilon: field(z.number().gt(0), 1e-8, 'AdamW ε added to √v'),
    scheduler: field(z.enum(['constant', 'linear', 'cosine']), 'cosine', 'learning-rate shape after warmup (to 0 at the last step for linear/cosine)'),
    warmupSteps: field(nonNegativeInt(), 500, 'optimizer steps of linear warmup from 0 to learningRate'),
    maxGradNorm: field(z.number().gt(0).nullable(), 1.0, 'global gradient-norm clip (L2 over all parameters); null = no clipping'),
    classWeights: field(
      z.union([z.enum(['balanced', 'none']), z.array(z.number().gt(0)).min(2)]),
      'balanced',
      'cross-entropy class weights: "balanced" = n / (k · count_c) over the train part, "none", or one positive weight per label',
    ),
    precision: field(
      z.enum(['fp32', 'fp16', 'bf16']),
      'fp32',
      'arithmetic of matrix products (linear layers, attention), as torch.autocast: "fp32"; "fp16" = float16 with float32 master weights and optimizer state and dynamic loss scaling (on cpu correct but not faster, for checking); "bf16" = bfloat16 without loss scaling, cuda devices only',
    ),
    lossScale: section(
      {
        init: field(
          z
            .number()
            .gt(0)
            .max(2 ** 127),
          2 ** 16,
          'loss scale of the first fp16 step (torch GradScaler init_scale)',
        ),
        growthInterval: field(
          positiveInt(),
          2000,
          'consecutive optimizer steps without inf/NaN gradients after which the scale doubles (GradScaler growth_interval); an overflow halves it and skips the step',
        ),
      },
      'dynamic loss scaling of train.precision "fp16" (torch.cuda.amp.GradScaler; growth factor 2, backoff 0.5); unused otherwise',
    ),
    devices: field(
      z.union([z.enum(['auto']), z.array(z.string().regex(/^(cpu|cuda:\d+)$/, 'expected "cpu" or "cuda:N"')).min(1)]),
      ['cpu'],
      'one data-parallel replica per entry ("cpu", "cuda:0", …; ["cpu","cpu"] = two CPU replicas), each in its own worker thread: ' +
        'a global micro-batch of perDeviceBatchSize × replicas examples is split across them, so the effective batch is ' +
        'perDeviceBatchSize × gradientAccumulationSteps × replicas. "auto": every GPU this process may use ' +
        '(CUDA_VISIBLE_DEVICES, else SLURM_STEP_GPUS/SLURM_JOB_GPUS, else all GPUs the machine shows) as cuda:0..n-1, and ["cpu"] when there is none; ' +
        "a cuda device without onnxruntime's CUDA provider is an error, never a silent CPU run",
    ),
    threads: field(positiveInt().nullable(), null, 'CPU threads for onnxruntime per device; null = all cores'),
    stepsPerRun: field(
      positiveInt(),
      1,
      'optimizer steps per onnxruntime run: 1 = one run per micro-batch, AdamW in JS; K > 1 = resident mode, ' +
        'K steps (micro-steps, clip, AdamW) in one run through an ONNX Loop, so parameters and moments cross the run boundary once per K steps; ' +
        'a run ends early at steps that log, evaluate or save',
    ),
    logEvery: field(positiveInt(), 50, 'optimizer steps between train-log events (step 1 is always logged)'),
    evalEvery: field(positiveInt(), 250, 'optimizer steps between validation evaluations (and at the end)'),
    saveEvery: field(positiveInt(), 250, 'optimizer steps between checkpoints (and at the end)'),
    saveTotalLimit: field(positiveInt().nullable(), null, 'keep at most this many checkpoints (the best is always kept); null = keep all'),
    metricForBest: field(z.enum(METRIC_NAMES), 'f1_macro', 'validation metric that picks the best checkpoint and drives early stopping'),
    greaterIsBetter: field(z.boolean(), true, 'whether a larger metricForBest is better (false for loss)'),
    earlyStopping: section(
      {
        patience: field(positiveInt().nullable(), 5, 'evaluations without improvement before stopping; null disables early stopping'),
        threshold: field(z.number().min(0), 0, 'an evaluation is better only if it beats the best by more than this'),
      },
      'early stopping with Hugging Face EarlyStoppingCallback semantics',
    ),
    shuffle: field(z.boolean(), true, 'shuffle the train split every epoch, reproducibly from (seed, epoch)'),
    dropLast: field(z.boolean(), true, 'drop the last incomplete train batch of each epoch'),
    groupByLength: field(z.boolean(), false, 'batch texts of similar length together (less padding), like HF group_by_length'),
  },
  'the training loop: optimizer, schedule, batching, cadence, selection',
);
