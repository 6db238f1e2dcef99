import { describe, expect, it } from '@jest/globals';
import { detectCapabilities, type Capabilities } from './capabilities.js';
import { trainingDevices } from './training-devices.js';
import { autoDevices, countCudaVisible, visibleGpus } from './visible-gpus.js';

describe('train.devices "auto"', () => {
  it('maps a SLURM allocation to cuda:0..n-1, whatever the global GPU ids', () => {
    expect(autoDevices(visibleGpus({ CUDA_VISIBLE_DEVICES: '2,3', SLURM_JOB_GPUS: '2,3' }, 8))).toEqual(['cuda:0', 'cuda:1']);
    expect(visibleGpus({ CUDA_VISIBLE_DEVICES: '2,3' }, 8)).toEqual({ count: 2, from: 'CUDA_VISIBLE_DEVICES="2,3"' });
    expect(autoDevices(visibleGpus({ SLURM_STEP_GPUS: '5', SLURM_JOB_GPUS: '4,5' }, 8))).toEqual(['cuda:0']);
    expect(autoDevices(visibleGpus({ SLURM_JOB_GPUS: '4,5,6' }, 8))).toEqual(['cuda:0', 'cuda:1', 'cuda:2']);
    expect(autoDevices(visibleGpus({}, 2))).toEqual(['cuda:0', 'cuda:1']);
    expect(visibleGpus({}, 0)).toEqual({ count: 0, from: '0 GPU(s) on this machine' });
  });

  it('falls back to the CPU when nothing is visible, reading CUDA_VISIBLE_DEVICES as CUDA does', () => {
    expect(autoDevices(visibleGpus({ CUDA_VISIBLE_DEVICES: '' }, 4))).toEqual(['cpu']);
    expect(autoDevices(visibleGpus({ CUDA_VISIBLE_DEVICES: 'NoDevFiles' }, 4))).toEqual(['cpu']);
    expect(autoDevices(visibleGpus({ CUDA_VISIBLE_DEVICES: '-1' }, 4))).toEqual(['cpu']);
    expect(autoDevices(visibleGpus({ SLURM_JOB_GPUS: '' }, 4))).toEqual(['cpu']);
    expect(countCudaVisible('0,1,-1,3')).toBe(2);
    expect(countCudaVisible('GPU-8f2a-11aa,MIG-GPU-8f2a/1/0')).toBe(2);
    expect(countCudaVisible(' 1 , 0 ')).toBe(2);
  });

  it('resolves, logs what it chose and why, and checks the devices before any session', () => {
    const here = detectCapabilities();
    const noProvider: Capabilities = { ...here, cuda: false };
    const lines: string[] = [];
    const log = (l: string) => void lines.push(l);
    expect(trainingDevices({ devices: 'auto', log, env: { CUDA_VISIBLE_DEVICES: '' }, caps: noProvider })).toEqual([{ kind: 'cpu' }]);
    expect(lines[0]).toMatch(/^onnxruntime-node 1\.30\.0; backends cpu, /);
    expect(lines[2]).toBe('train.devices "auto": cpu (CUDA_VISIBLE_DEVICES="")');
    expect(() => trainingDevices({ devices: 'auto', log, env: { CUDA_VISIBLE_DEVICES: '7' }, caps: noProvider })).toThrow(
      /^train\.devices requests cuda:0, but onnxruntime-node 1\.30\.0 has no CUDA execution provider here/,
    );
    expect(() => trainingDevices({ devices: 'auto', log, env: { CUDA_VISIBLE_DEVICES: '0,1' }, caps: { ...here, cuda: true } })).toThrow(
      'train.devices "auto" found 2 GPUs (CUDA_VISIBLE_DEVICES="0,1"), but data parallelism over several devices is not implemented yet',
    );
    expect(trainingDevices({ devices: ['cuda:0'], log, caps: { ...here, cuda: true } })).toEqual([{ kind: 'cuda', index: 0 }]);
    expect(() => trainingDevices({ devices: ['cpu', 'cuda:0'], log, caps: noProvider })).toThrow(/^train\.devices requests cuda:0, but/);
  });
});
