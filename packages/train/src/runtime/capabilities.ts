// What this machine and the installed onnxruntime-node can run, detected once into a frozen object
// (transformers.js does its feature detection the same way): logged at train start, printed by
// `bertfit doctor` and `bertfit config print --capabilities`, and checked before any CUDA session.
import * as ort from 'onnxruntime-node';
import { cudaNeeds, cudaProviderFiles, type CudaNeeds, type CudaProviderFiles } from './cuda-provider.js';
import { findCudaLibraries, majorsByKind, type CudaLibrary, type CudaLibraryKind } from './cuda-libraries.js';
import { findNvidiaDevices, type NvidiaDevices } from './nvidia-devices.js';

export interface Capabilities {
  onnxruntimeNode: string;
  /** `ort.listSupportedBackends()`: bundled = inside onnxruntime-node; the rest need files installed beside it. */
  backends: readonly { name: string; bundled: boolean }[];
  cudaProvider: CudaProviderFiles & { needs: CudaNeeds };
  cudaLibraries: { majors: Record<CudaLibraryKind, number[]>; files: readonly CudaLibrary[] };
  nvidiaDevices: NvidiaDevices;
  /** Whether `cuda:N` devices can be requested at all (the provider files are there). */
  cuda: boolean;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

export function detectCapabilities(env: NodeJS.ProcessEnv = process.env): Capabilities {
  const files = cudaProviderFiles();
  const libs = findCudaLibraries(env);
  return deepFreeze({
    onnxruntimeNode: ort.env.versions.node ?? 'unknown',
    backends: ort.listSupportedBackends().map((b) => ({ name: b.name, bundled: b.bundled })),
    cudaProvider: { ...files, needs: cudaNeeds(files) },
    cudaLibraries: { majors: majorsByKind(libs), files: libs },
    nvidiaDevices: findNvidiaDevices(),
    cuda: files.missing.length === 0,
  });
}

let detected: Capabilities | null = null;

/** The capabilities of this process, detected on first use. */
export function capabilities(): Capabilities {
  detected ??= detectCapabilities();
  return detected;
}

const list = (xs: readonly (string | number)[]): string => (xs.length === 0 ? 'none' : xs.join(', '));

/** One or two lines for a train log. */
export function capabilitySummary(c: Capabilities): string[] {
  const m = c.cudaLibraries.majors;
  const gpus = c.nvidiaDevices.names.length;
  return [
    `onnxruntime-node ${c.onnxruntimeNode}; backends ${c.backends.map((b) => `${b.name}${b.bundled ? '' : ' (not bundled)'}`).join(', ')}`,
    `cuda provider ${c.cuda ? 'installed' : `missing (${c.cudaProvider.missing.join(', ')})`}; CUDA runtime ${list(m.cudart)}, cuDNN ${list(m.cudnn)}; NVIDIA GPUs ${gpus === 0 ? 'none seen' : `${gpus} (${c.nvidiaDevices.names.join(', ')})`}`,
  ];
}

/** The block `bertfit doctor` prints. */
export function formatCapabilities(c: Capabilities): string[] {
  const m = c.cudaLibraries.majors;
  const needs = c.cudaProvider.needs;
  return [
    `onnxruntime-node   ${c.onnxruntimeNode}`,
    `backends           ${c.backends.map((b) => `${b.name} (${b.bundled ? 'bundled' : 'not bundled'})`).join(', ')}`,
    `provider folder    ${c.cudaProvider.dir}`,
    `cuda provider      ${c.cuda ? 'installed' : 'missing'}: ${[...c.cudaProvider.present.map((f) => `${f} present`), ...c.cudaProvider.missing.map((f) => `${f} missing`)].join(', ')}`,
    `provider needs     CUDA ${needs.cuda ?? '?'}, cuDNN ${needs.cudnn ?? '?'} (${needs.source === 'expected' ? 'expected: not installed, so not read' : 'read from the provider library'})`,
    `CUDA libraries     cudart ${list(m.cudart)}; cublas ${list(m.cublas)}; cublasLt ${list(m.cublasLt)}; cudnn ${list(m.cudnn)} (LD_LIBRARY_PATH and ldconfig -p)`,
    `NVIDIA devices     ${c.nvidiaDevices.names.length === 0 ? 'none' : c.nvidiaDevices.names.map((n, i) => `${i}: ${n}`).join('; ')} (${c.nvidiaDevices.source})`,
  ];
}
