import type { Argv } from 'yargs';
import type { Output } from '../output.js';

interface DoctorArgs {
  json: boolean;
}

/** What this machine can run: the capability object, and what train.devices "auto" would pick here. */
export function doctorCommand(io: Output) {
  return {
    command: 'doctor',
    describe: 'show what this machine can run: onnxruntime-node, its backends, the CUDA provider and libraries, NVIDIA GPUs',
    builder: (y: Argv) => y.option('json', { type: 'boolean', default: false, describe: 'print the capability object as JSON' }),
    handler: async (args: DoctorArgs) => {
      const { autoDevices, capabilities, formatCapabilities, visibleGpus } = await import('@bertfit/train');
      const caps = capabilities();
      const gpus = visibleGpus(process.env, caps.nvidiaDevices.names.length);
      const auto = { devices: autoDevices(gpus), from: gpus.from };
      if (args.json) {
        io.out(JSON.stringify({ ...caps, autoDevices: auto }, null, 2));
        return;
      }
      for (const line of formatCapabilities(caps)) io.out(line);
      io.out(`devices "auto"     ${auto.devices.join(', ')} (${auto.from})`);
    },
  };
}
