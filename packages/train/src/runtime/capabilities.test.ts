import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { capabilities, capabilitySummary, detectCapabilities, formatCapabilities, type Capabilities } from './capabilities.js';
import { cudaLibraryOf, librariesInDirs, majorsByKind, parseLdconfig } from './cuda-libraries.js';
import { cudaNeeds, cudaProviderFiles, namedMajors, ortBinaryDir } from './cuda-provider.js';
import { cudaLoadHint, requireDeviceSupport } from './device-support.js';
import { sessionCreateError } from './session.js';
import { parseNvidiaSmiList, procGpuModel } from './nvidia-devices.js';

describe('capabilities', () => {
  it('are detected once, frozen, and describe the installed onnxruntime-node', () => {
    const c = capabilities();
    expect(capabilities()).toBe(c);
    expect(Object.isFrozen(c) && Object.isFrozen(c.cudaProvider) && Object.isFrozen(c.backends[0])).toBe(true);
    expect(c.onnxruntimeNode).toBe('1.30.0');
    expect(c.backends).toContainEqual({ name: 'cpu', bundled: true });
    expect(c.backends.find((b) => b.name === 'cuda')).toBeDefined();
    expect(c.cudaProvider.dir).toBe(ortBinaryDir());
    expect(ortBinaryDir()).toMatch(/node_modules\/onnxruntime-node\/bin\/napi-v6\/linux\/x64$/);
    expect(c.cuda).toBe(c.cudaProvider.missing.length === 0);
    expect(formatCapabilities(c)[0]).toBe('onnxruntime-node   1.30.0');
    expect(capabilitySummary(c)).toHaveLength(2);
  });

  it('finds the CUDA provider files beside libonnxruntime.so.1 and reads the majors the provider names', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bertfit-ep-'));
    expect(cudaProviderFiles(dir)).toEqual({ dir, present: [], missing: ['libonnxruntime_providers_shared.so', 'libonnxruntime_providers_cuda.so'] });
    expect(cudaNeeds(cudaProviderFiles(dir))).toEqual({ cuda: 13, cudnn: 9, source: 'expected' });
    // A stand-in binary: the needle straddles the 8 MiB chunk boundary, so the overlap is exercised.
    const lib = Buffer.alloc((8 << 20) + 100);
    lib.write('libcudart.so.12\0', (8 << 20) - 8, 'latin1');
    lib.write('libcudart.so.13\0libcudnn.so.9\0', 10, 'latin1');
    writeFileSync(join(dir, 'libonnxruntime_providers_cuda.so'), lib);
    writeFileSync(join(dir, 'libonnxruntime_providers_shared.so'), '');
    expect(namedMajors(join(dir, 'libonnxruntime_providers_cuda.so'), ['libcudart.so.', 'libcudnn.so.', 'libcublas.so.'])).toEqual(
      new Map([
        ['libcudart.so.', 13],
        ['libcudnn.so.', 9],
      ]),
    );
    expect(cudaNeeds(cudaProviderFiles(dir))).toEqual({ cuda: 13, cudnn: 9, source: 'provider library' });
  });

  it('reads CUDA library majors from ldconfig -p and LD_LIBRARY_PATH folders', () => {
    expect(cudaLibraryOf('libcudart.so.13.0.96')).toEqual({ kind: 'cudart', major: 13 });
    expect(cudaLibraryOf('libcublasLt.so.12')).toEqual({ kind: 'cublasLt', major: 12 });
    expect(cudaLibraryOf('libcudart.so')).toBeNull();
    const ld = parseLdconfig(
      "1234 libs found in cache `/etc/ld.so.cache'\n\tlibcudnn.so.9 (libc6,x86-64) => /usr/lib/x86_64-linux-gnu/libcudnn.so.9\n\tlibcudart.so (libc6,x86-64) => /usr/local/cuda/lib64/libcudart.so\n\tlibcudart.so.12 (libc6,x86-64) => /usr/local/cuda/lib64/libcudart.so.12\n",
    );
    expect(ld).toEqual([
      { kind: 'cudnn', major: 9, path: '/usr/lib/x86_64-linux-gnu/libcudnn.so.9', via: 'ldconfig' },
      { kind: 'cudart', major: 12, path: '/usr/local/cuda/lib64/libcudart.so.12', via: 'ldconfig' },
    ]);
    const dir = mkdtempSync(join(tmpdir(), 'bertfit-cuda-'));
    for (const f of ['libcublas.so.13', 'libcublasLt.so.13.1.1.3', 'libcudart.so.13', 'README']) writeFileSync(join(dir, f), '');
    const found = librariesInDirs(`/nonexistent:${dir}`);
    expect(found.every((l) => l.via === 'LD_LIBRARY_PATH')).toBe(true);
    expect(majorsByKind([...found, ...ld])).toEqual({ cudart: [12, 13], cublas: [13], cublasLt: [13], cudnn: [9] });
  });

  it("reads GPU names from nvidia-smi -L and the driver's /proc files", () => {
    expect(parseNvidiaSmiList('GPU 0: NVIDIA H200 (UUID: GPU-1d2e)\nGPU 1: NVIDIA A100-SXM4-80GB (UUID: GPU-aa)\n')).toEqual(['NVIDIA H200', 'NVIDIA A100-SXM4-80GB']);
    expect(procGpuModel('Model: \t\t NVIDIA H200\nIRQ:   157\n')).toBe('NVIDIA H200');
    expect(procGpuModel('IRQ: 1\n')).toBeNull();
  });

  it('refuses a cuda device without the provider with one error naming the files, folder and fix', () => {
    const here = detectCapabilities();
    const without: Capabilities = {
      ...here,
      cuda: false,
      cudaProvider: { ...here.cudaProvider, dir: '/x/bin', present: [], missing: ['libonnxruntime_providers_shared.so', 'libonnxruntime_providers_cuda.so'] },
    };
    expect(() => requireDeviceSupport([{ kind: 'cpu' }, { kind: 'cuda', index: 1 }], 'train.devices', without)).toThrow(
      'train.devices requests cuda:1, but onnxruntime-node 1.30.0 has no CUDA execution provider here: libonnxruntime_providers_shared.so and libonnxruntime_providers_cuda.so are missing from /x/bin. ' +
        'Install them with onnxruntime-node\'s install script (ONNXRUNTIME_NODE_INSTALL=cuda12; README.md, section "GPU"), or use "cpu". It needs CUDA 13 and cuDNN 9 libraries (expected).',
    );
    expect(() => requireDeviceSupport([{ kind: 'cpu' }], 'train.devices', without)).not.toThrow();
    expect(() => requireDeviceSupport([{ kind: 'cuda', index: 0 }], 'train.devices', { ...without, cuda: true }, {})).not.toThrow();
  });

  it('refuses a cuda index beyond the GPUs this process sees, when they were detected', () => {
    const here = detectCapabilities();
    const twoGpus: Capabilities = { ...here, cuda: true, nvidiaDevices: { source: 'nvidia-smi', names: ['NVIDIA H200', 'NVIDIA H200'] } };
    expect(() => requireDeviceSupport([{ kind: 'cuda', index: 1 }], '--device cuda:1', twoGpus, {})).not.toThrow();
    expect(() => requireDeviceSupport([{ kind: 'cuda', index: 2 }], '--device cuda:2', twoGpus, {})).toThrow(
      '--device cuda:2 requests cuda:2, but this process sees 2 GPU(s) (2 GPU(s) on this machine), cuda:0..cuda:1',
    );
    expect(() => requireDeviceSupport([{ kind: 'cuda', index: 1 }], 'train.devices', twoGpus, { CUDA_VISIBLE_DEVICES: '3' })).toThrow(
      'train.devices requests cuda:1, but this process sees 1 GPU(s) (CUDA_VISIBLE_DEVICES="3"), cuda:0..cuda:0',
    );
    const undetected: Capabilities = { ...twoGpus, nvidiaDevices: { source: 'none', names: [] } };
    expect(() => requireDeviceSupport([{ kind: 'cuda', index: 5 }], 'train.devices', undetected, {})).not.toThrow();
  });

  it('names the CUDA libraries the loader cannot find when onnxruntime itself fails to load the provider', () => {
    const here = detectCapabilities();
    const installed: Capabilities = {
      ...here,
      cuda: true,
      cudaProvider: { ...here.cudaProvider, needs: { cuda: 13, cudnn: 9, source: 'provider library' } },
      cudaLibraries: { files: [], majors: { cudart: [12, 13], cublas: [12], cublasLt: [12], cudnn: [] } },
    };
    expect(cudaLoadHint(installed)).toBe('libcublas.so.13, libcudnn.so.9 not found on LD_LIBRARY_PATH or in ldconfig -p; see `bertfit doctor` and README.md, section "GPU"');
    const cause = new Error('OrtSessionOptionsAppendExecutionProvider_Cuda: Failed to load shared library');
    const e = sessionCreateError("graph 'bert_train'", { kind: 'cuda', index: 0 }, cause);
    expect(e.message).toMatch(
      /^creating an onnxruntime session for graph 'bert_train' on cuda:0 failed \(.*see `bertfit doctor` and README\.md, section "GPU"\): OrtSessionOptionsAppendExecutionProvider_Cuda: Failed to load shared library$/,
    );
    expect(e.cause).toBe(cause);
  });
});
