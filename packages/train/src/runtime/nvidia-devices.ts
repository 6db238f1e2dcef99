// The NVIDIA GPUs this machine shows: `nvidia-smi -L` when the driver's tool is installed, else the
// kernel driver's /proc entries. Neither honours CUDA_VISIBLE_DEVICES: this is the machine, not the job.
import { readdirSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export interface NvidiaDevices {
  source: 'nvidia-smi' | '/proc/driver/nvidia/gpus' | 'none';
  names: string[];
}

/** `GPU 0: NVIDIA H200 (UUID: GPU-…)` lines → the model names. */
export function parseNvidiaSmiList(output: string): string[] {
  return output.split('\n').flatMap((l) => {
    const m = /^GPU \d+: (.+?)(?: \(UUID: [^)]*\))?\s*$/.exec(l);
    return m ? [m[1]!] : [];
  });
}

/** A /proc/driver/nvidia/gpus/<bus id>/information file's `Model:` line. */
export function procGpuModel(information: string): string | null {
  const m = /^Model:\s*(.+?)\s*$/m.exec(information);
  return m ? m[1]! : null;
}

export function findNvidiaDevices(procDir = '/proc/driver/nvidia/gpus'): NvidiaDevices {
  const smi = spawnSync('nvidia-smi', ['-L'], { encoding: 'utf8', timeout: 10_000 });
  if (smi.status === 0) return { source: 'nvidia-smi', names: parseNvidiaSmiList(smi.stdout) };
  let busIds: string[];
  try {
    busIds = readdirSync(procDir).sort();
  } catch {
    return { source: 'none', names: [] };
  }
  const names = busIds.map((id) => {
    try {
      return procGpuModel(readFileSync(join(procDir, id, 'information'), 'utf8')) ?? id;
    } catch {
      return id;
    }
  });
  return { source: '/proc/driver/nvidia/gpus', names };
}
