// The devices a training run uses: `train.devices` with "auto" resolved, every one checked against the
// capabilities before any graph or session exists, and one log line saying what was chosen and why.
import { BertfitError } from '@bertfit/core';
import type { Capabilities } from './capabilities.js';
import { capabilities, capabilitySummary } from './capabilities.js';
import type { Device } from './device.js';
import { parseDevice } from './device.js';
import { requireDeviceSupport } from './device-support.js';
import { autoDevices, visibleGpus } from './visible-gpus.js';

export interface TrainingDevicesOptions {
  devices: 'auto' | readonly string[];
  log: (line: string) => void;
  env?: Readonly<Record<string, string | undefined>>;
  caps?: Capabilities;
}

export function trainingDevices(o: TrainingDevicesOptions): Device[] {
  const caps = o.caps ?? capabilities();
  for (const line of capabilitySummary(caps)) o.log(line);
  let names: readonly string[];
  if (o.devices === 'auto') {
    const gpus = visibleGpus(o.env ?? process.env, caps.nvidiaDevices.names.length);
    names = autoDevices(gpus);
    o.log(`train.devices "auto": ${names.join(', ')} (${gpus.from})`);
    if (names.length > 1) {
      throw new BertfitError(
        `train.devices "auto" found ${names.length} GPUs (${gpus.from}), but data parallelism over several devices is not implemented yet; name one, e.g. ["cuda:0"]`,
      );
    }
  } else {
    names = o.devices;
  }
  const devices = names.map(parseDevice);
  requireDeviceSupport(devices, 'train.devices', caps, o.env ?? process.env);
  return devices;
}
