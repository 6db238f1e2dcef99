// Where onnxruntime-node loads execution providers from, whether the CUDA provider's libraries are
// there, and which CUDA/cuDNN majors they were built against (read from the provider library itself).
import { existsSync, openSync, readSync, closeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The libraries ORT's CUDA provider needs beside `libonnxruntime.so.1` (ORT's install-metadata.js names them). */
export const CUDA_PROVIDER_FILES = ['libonnxruntime_providers_shared.so', 'libonnxruntime_providers_cuda.so'] as const;

export interface CudaProviderFiles {
  /** The folder of onnxruntime-node's `libonnxruntime.so.1` (providers are loaded from there). */
  dir: string;
  present: string[];
  missing: string[];
}

/** Majors the CUDA provider needs: read from its library when present, else what onnxruntime's GPU build is known to link. */
export interface CudaNeeds {
  cuda: number | null;
  cudnn: number | null;
  source: 'provider library' | 'expected';
}

/**
 * What the pinned onnxruntime-node's CUDA provider is expected to need when it is not installed: the
 * 1.29.0 provider of Microsoft.ML.OnnxRuntime.Gpu.Linux links libcudart.so.13 and names libcudnn.so.9
 * (read from that library's dynamic section); 1.30.0's is not measured yet.
 */
export const EXPECTED_CUDA_NEEDS: CudaNeeds = { cuda: 13, cudnn: 9, source: 'expected' };

/** The provider folder of the installed onnxruntime-node package (never a hard-coded node_modules path). */
export function ortBinaryDir(): string {
  const pkg = createRequire(import.meta.url).resolve('onnxruntime-node/package.json');
  return join(dirname(pkg), 'bin', 'napi-v6', process.platform, process.arch);
}

export function cudaProviderFiles(dir: string = ortBinaryDir()): CudaProviderFiles {
  const present = CUDA_PROVIDER_FILES.filter((f) => existsSync(join(dir, f)));
  return { dir, present, missing: CUDA_PROVIDER_FILES.filter((f) => !present.includes(f)) };
}

/** The highest `<prefix><major>` a binary names (e.g. `libcudart.so.13`), scanning it in chunks. */
export function namedMajors(file: string, prefixes: readonly string[]): Map<string, number> {
  const found = new Map<string, number>();
  const needles = prefixes.map((p) => Buffer.from(p, 'latin1'));
  const chunk = Buffer.alloc(8 << 20);
  const overlap = 64;
  const fd = openSync(file, 'r');
  try {
    let pos = 0;
    for (;;) {
      const n = readSync(fd, chunk, 0, chunk.length, pos);
      if (n === 0) break;
      const view = chunk.subarray(0, n);
      needles.forEach((needle, i) => {
        for (let at = view.indexOf(needle); at >= 0; at = view.indexOf(needle, at + 1)) {
          const m = /^\d+/.exec(view.toString('latin1', at + needle.length, Math.min(n, at + needle.length + 4)));
          if (m) found.set(prefixes[i]!, Math.max(found.get(prefixes[i]!) ?? 0, Number(m[0])));
        }
      });
      if (n < chunk.length) break;
      pos += n - overlap;
    }
  } finally {
    closeSync(fd);
  }
  return found;
}

export function cudaNeeds(files: CudaProviderFiles): CudaNeeds {
  const lib = join(files.dir, 'libonnxruntime_providers_cuda.so');
  if (!files.present.includes('libonnxruntime_providers_cuda.so')) return EXPECTED_CUDA_NEEDS;
  const majors = namedMajors(lib, ['libcudart.so.', 'libcudnn.so.']);
  return { cuda: majors.get('libcudart.so.') ?? null, cudnn: majors.get('libcudnn.so.') ?? null, source: 'provider library' };
}
