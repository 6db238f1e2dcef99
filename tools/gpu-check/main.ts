// The Node side of tools/gpu-check.sh, bundled into one CommonJS file (node_modules does not travel
// to the GPU machine). Each subcommand prints one JSON line:
//   parity  --device D --fixture DIR
//   train   --device D --precision fp32|fp16 --steps N --batch B --seq T --size base|tiny --work DIR [--threads N]
//   logits  --device D --checkpoint DIR --rows N --seq T --out FILE
//   doctor  (the capability object)
import { parseArgs } from 'node:util';
import { capabilities } from '@bertfit/train';
import { checkpointLogits } from './checkpoint-logits.js';
import { parity } from './parity.js';
import { SIZES, trainThroughput } from './train-throughput.js';

const { positionals, values: v } = parseArgs({
  allowPositionals: true,
  options: {
    device: { type: 'string', default: 'cpu' },
    fixture: { type: 'string' },
    precision: { type: 'string', default: 'fp32' },
    steps: { type: 'string', default: '50' },
    batch: { type: 'string', default: '64' },
    seq: { type: 'string', default: '128' },
    size: { type: 'string', default: 'base' },
    work: { type: 'string' },
    threads: { type: 'string' },
    checkpoint: { type: 'string' },
    rows: { type: 'string', default: '16' },
    out: { type: 'string' },
  },
});

function need(name: keyof typeof v): string {
  const value = v[name];
  if (typeof value !== 'string') throw new Error(`gpu-check ${positionals[0]}: --${name} is required`);
  return value;
}

async function main(): Promise<unknown> {
  switch (positionals[0]) {
    case 'doctor':
      return capabilities();
    case 'parity':
      return parity(need('fixture'), v.device!);
    case 'train': {
      if (!(v.size! in SIZES)) throw new Error(`gpu-check train: --size ${v.size} is not one of ${Object.keys(SIZES).join(', ')}`);
      return trainThroughput({
        device: v.device!,
        precision: v.precision!,
        steps: Number(v.steps),
        batch: Number(v.batch),
        seq: Number(v.seq),
        size: v.size as keyof typeof SIZES,
        workDir: need('work'),
        threads: v.threads === undefined ? null : Number(v.threads),
      });
    }
    case 'logits':
      return checkpointLogits(need('checkpoint'), v.device!, Number(v.rows), Number(v.seq), need('out'));
    default:
      throw new Error(`gpu-check: unknown subcommand ${JSON.stringify(positionals[0])} (parity, train, logits, doctor)`);
  }
}

main().then(
  (r) => console.log(JSON.stringify(r)),
  (err: unknown) => {
    let e: unknown = err;
    const lines: string[] = [];
    for (let d = 0; e !== undefined && d < 5; d++, e = e instanceof Error ? e.cause : undefined) lines.push(e instanceof Error ? e.message : String(e));
    console.log(JSON.stringify({ check: positionals[0], ok: false, error: lines.join(' | caused by: ') }));
    process.exit(1);
  },
);
