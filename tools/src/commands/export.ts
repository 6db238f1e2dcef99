import type { Argv } from 'yargs';
import { configFrom, deviceFrom, withConfigOptions, withDeviceOption, type ConfigArgs } from '../common-options.js';
import type { Output } from '../output.js';

interface ExportArgs extends ConfigArgs {
  checkpoint: string;
  out: string;
  device: string;
}

export function exportCommand(io: Output) {
  return {
    command: 'export',
    describe: 'export a checkpoint for transformers.js (fp32 and int8 ONNX, config and tokenizer), each model checked on --device first',
    builder: (y: Argv) =>
      withDeviceOption(withConfigOptions(y))
        .option('checkpoint', { type: 'string', demandOption: true, describe: 'checkpoint folder (model.safetensors, config.json, tokenizer files)' })
        .option('out', { type: 'string', demandOption: true, describe: 'new folder to create (must not exist)' }),
    handler: async (args: ExportArgs) => {
      configFrom(args); // a bad --config/--set fails here, as for every command
      const { exportForTransformersJs } = await import('@bertfit/infer');
      const r = await exportForTransformersJs(args.checkpoint, args.out, { device: await deviceFrom(args) });
      const mib = (n: number): string => (n / 2 ** 20).toFixed(1);
      io.out(`exported ${args.checkpoint} to ${r.outDir}`);
      io.out(`  onnx/model.onnx ${mib(r.fp32Bytes)} MiB (fp32), onnx/model_quantized.onnx ${mib(r.int8Bytes)} MiB (${r.quantized.length} weights in int8)`);
    },
  };
}
