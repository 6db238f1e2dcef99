import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chooseOpenblasKernel, threadsLine, torchReferenceEnv } from '../bench/openblas-kernel.js';

const cpu = (vendor: string, flags: string) => `processor\t: 0\nvendor_id\t: ${vendor}\nmodel name\t: Some CPU\nflags\t\t: fpu sse2 avx2 ${flags}\n\nprocessor\t: 1\n`;

describe('the OpenBLAS kernel for the PyTorch references', () => {
  it('is chosen by CPU: Intel AVX-512 → SkylakeX, with BF16 → Cooperlake, anything else unforced', () => {
    expect(chooseOpenblasKernel(cpu('GenuineIntel', 'avx512f avx512bw')).coretype).toBe('SkylakeX');
    expect(chooseOpenblasKernel(cpu('GenuineIntel', 'avx512f avx512_bf16 amx_tile'))).toEqual({
      coretype: 'Cooperlake',
      reason: 'GenuineIntel Some CPU: Intel with avx512f and avx512_bf16',
    });
    expect(chooseOpenblasKernel(cpu('GenuineIntel', 'fma')).coretype).toBeNull();
    // AMD Zen 4 has both flags, and SkylakeX kernels crash there.
    expect(chooseOpenblasKernel(cpu('AuthenticAMD', 'avx512f avx512_bf16'))).toEqual({
      coretype: null,
      reason: 'AuthenticAMD Some CPU: not Intel, OpenBLAS detects the kernel itself',
    });
    expect(chooseOpenblasKernel('').coretype).toBeNull();
  });

  it('sets or clears OPENBLAS_CORETYPE for the reference process and says so', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bertfit-cpuinfo-'));
    writeFileSync(join(dir, 'amd'), cpu('AuthenticAMD', 'avx512f'));
    writeFileSync(join(dir, 'intel'), cpu('GenuineIntel', 'avx512f'));
    process.env.OPENBLAS_CORETYPE = 'Cooperlake';
    try {
      const amd = torchReferenceEnv(join(dir, 'amd'));
      expect(amd.env.OPENBLAS_CORETYPE).toBeUndefined();
      expect(amd.line).toBe('OpenBLAS kernel for PyTorch: not forced (OPENBLAS_CORETYPE unset) (AuthenticAMD Some CPU: not Intel, OpenBLAS detects the kernel itself)');
      expect(torchReferenceEnv(join(dir, 'intel')).env.OPENBLAS_CORETYPE).toBe('SkylakeX');
      expect(torchReferenceEnv(join(dir, 'missing')).env.OPENBLAS_CORETYPE).toBeUndefined();
    } finally {
      delete process.env.OPENBLAS_CORETYPE;
    }
  });

  it("reports both sides' threads and the kernel OpenBLAS ran", () => {
    expect(threadsLine('2 intra-op', { torch_threads: 1, openblas: { threads: 2, core: 'Haswell', OPENBLAS_CORETYPE: null } })).toBe(
      'threads: bertfit 2 intra-op; PyTorch torch 1 thread(s), OpenBLAS 2 thread(s), core Haswell at run time',
    );
    expect(threadsLine('1', { torch_threads: 1, openblas: null })).toBe('threads: bertfit 1; PyTorch torch 1 thread(s), OpenBLAS not found in the torch process');
  });
});
