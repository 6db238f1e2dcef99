// The OpenBLAS kernel the PyTorch references of the benches run with, picked from this CPU rather than
// forced: Debian's OpenBLAS picks generic kernels on CPUs it does not know (5× slower), so an Intel CPU
// with AVX-512 gets SkylakeX (Cooperlake with AVX512-BF16); anything else keeps OpenBLAS's own choice,
// because SkylakeX kernels crash on AMD CPUs. Shared by packages/train/bench and packages/infer/bench.
import { readFileSync } from 'node:fs';

export interface OpenblasKernel {
  /** OPENBLAS_CORETYPE to set, or null: leave OpenBLAS to detect the CPU. */
  coretype: string | null;
  reason: string;
}

/** The choice for a /proc/cpuinfo text (its first processor block decides). */
export function chooseOpenblasKernel(cpuinfo: string): OpenblasKernel {
  const field = (name: string): string => new RegExp(`^${name}\\s*:\\s*(.*)$`, 'm').exec(cpuinfo)?.[1]?.trim() ?? '';
  const vendor = field('vendor_id');
  const flags = new Set(field('flags').split(/\s+/));
  const cpu = `${vendor || 'unknown vendor'} ${field('model name')}`.trim();
  if (vendor !== 'GenuineIntel') return { coretype: null, reason: `${cpu}: not Intel, OpenBLAS detects the kernel itself` };
  if (!flags.has('avx512f')) return { coretype: null, reason: `${cpu}: no avx512f, OpenBLAS detects the kernel itself` };
  return flags.has('avx512_bf16')
    ? { coretype: 'Cooperlake', reason: `${cpu}: Intel with avx512f and avx512_bf16` }
    : { coretype: 'SkylakeX', reason: `${cpu}: Intel with avx512f` };
}

/** The environment for a PyTorch reference process, and the line that says what was chosen. */
export function torchReferenceEnv(cpuinfoFile = '/proc/cpuinfo'): { env: NodeJS.ProcessEnv; line: string } {
  let cpuinfo = '';
  try {
    cpuinfo = readFileSync(cpuinfoFile, 'utf8');
  } catch {
    // no /proc (not Linux): nothing to decide from, so nothing is forced
  }
  const k = chooseOpenblasKernel(cpuinfo);
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (k.coretype === null) delete env.OPENBLAS_CORETYPE;
  else env.OPENBLAS_CORETYPE = k.coretype;
  return { env, line: `OpenBLAS kernel for PyTorch: ${k.coretype === null ? 'not forced (OPENBLAS_CORETYPE unset)' : `OPENBLAS_CORETYPE=${k.coretype}`} (${k.reason})` };
}

/** `thread_info` of a bench_speed.py record: torch's threads and what OpenBLAS reported at run time. */
interface ThreadInfo {
  torch_threads?: number;
  openblas?: { threads?: number; core?: string; OPENBLAS_CORETYPE?: string | null } | null;
}

/** Both sides' thread counts and the kernel OpenBLAS actually ran, from the reference's own record. */
export function threadsLine(bertfit: string, threadInfo: unknown): string {
  const t = (threadInfo ?? {}) as ThreadInfo;
  const blas = t.openblas ? `OpenBLAS ${t.openblas.threads ?? '?'} thread(s), core ${t.openblas.core ?? '?'} at run time` : 'OpenBLAS not found in the torch process';
  return `threads: bertfit ${bertfit}; PyTorch torch ${t.torch_threads ?? '?'} thread(s), ${blas}`;
}
