// Which CUDA runtime, cuBLAS and cuDNN libraries the dynamic loader can find: the folders on
// LD_LIBRARY_PATH, then `ldconfig -p` (the loader's cache), the two places dlopen looks.
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

export const CUDA_LIBRARY_KINDS = ['cudart', 'cublas', 'cublasLt', 'cudnn'] as const;
export type CudaLibraryKind = (typeof CUDA_LIBRARY_KINDS)[number];

export interface CudaLibrary {
  kind: CudaLibraryKind;
  major: number;
  path: string;
  via: 'LD_LIBRARY_PATH' | 'ldconfig';
}

const PATTERN = /^lib(cudart|cublasLt|cublas|cudnn)\.so\.(\d+)(?:\.[\d.]+)?$/;

/** A versioned CUDA library file name → its kind and major, or null. */
export function cudaLibraryOf(fileName: string): { kind: CudaLibraryKind; major: number } | null {
  const m = PATTERN.exec(fileName);
  return m ? { kind: m[1] as CudaLibraryKind, major: Number(m[2]) } : null;
}

/** Entries of `ldconfig -p` output (`\tlibcudart.so.13 (libc6,x86-64) => /usr/local/cuda/lib64/libcudart.so.13`). */
export function parseLdconfig(output: string): CudaLibrary[] {
  const libs: CudaLibrary[] = [];
  for (const line of output.split('\n')) {
    const m = /^\s*(\S+) \([^)]*\) => (\S+)\s*$/.exec(line);
    const lib = m ? cudaLibraryOf(m[1]!) : null;
    if (lib) libs.push({ ...lib, path: m![2]!, via: 'ldconfig' });
  }
  return libs;
}

export function librariesInDirs(ldLibraryPath: string | undefined): CudaLibrary[] {
  const libs: CudaLibrary[] = [];
  for (const dir of (ldLibraryPath ?? '').split(':').filter((d) => d !== '')) {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      continue; // a folder that does not exist is no library
    }
    for (const name of names) {
      const lib = cudaLibraryOf(name);
      if (lib) libs.push({ ...lib, path: `${dir}/${name}`, via: 'LD_LIBRARY_PATH' });
    }
  }
  return libs;
}

function ldconfigOutput(): string {
  for (const bin of ['ldconfig', '/sbin/ldconfig', '/usr/sbin/ldconfig']) {
    const r = spawnSync(bin, ['-p'], { encoding: 'utf8', timeout: 5000 });
    if (r.status === 0) return r.stdout;
  }
  return '';
}

/** What the loader would find now: LD_LIBRARY_PATH first (it wins in dlopen), then the cache. */
export function findCudaLibraries(env: NodeJS.ProcessEnv = process.env): CudaLibrary[] {
  return [...librariesInDirs(env.LD_LIBRARY_PATH), ...parseLdconfig(ldconfigOutput())];
}

/** The distinct majors found per kind, ascending. */
export function majorsByKind(libs: readonly CudaLibrary[]): Record<CudaLibraryKind, number[]> {
  const out = Object.fromEntries(CUDA_LIBRARY_KINDS.map((k) => [k, [] as number[]])) as Record<CudaLibraryKind, number[]>;
  for (const l of libs) if (!out[l.kind].includes(l.major)) out[l.kind].push(l.major);
  for (const k of CUDA_LIBRARY_KINDS) out[k].sort((a, b) => a - b);
  return out;
}
