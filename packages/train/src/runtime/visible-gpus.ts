// `train.devices: "auto"` → the GPUs this process may use, as CUDA numbers them for it. A SLURM job
// sees only its allocation: the gres/gpu plugin sets CUDA_VISIBLE_DEVICES to the allocated GPUs
// (e.g. "2,3"), which CUDA renumbers 0..n-1, so the job's devices are cuda:0..cuda:n-1 whatever the
// global ids. Pure (environment and machine GPU count in), so every case is unit-tested.

export interface VisibleGpus {
  count: number;
  /** Which variable (or the machine) decided, with its value: logged so a wrong allocation is visible. */
  from: string;
}

/**
 * CUDA's reading of CUDA_VISIBLE_DEVICES: entries up to the first invalid one (a negative or non-numeric
 * index hides it and every later one); GPU-/MIG- UUIDs count. "" and SLURM's "NoDevFiles" mean none.
 */
export function countCudaVisible(value: string): number {
  let n = 0;
  for (const entry of value.split(',').map((e) => e.trim())) {
    if (!/^(\d+|GPU-[0-9a-fA-F-]+|MIG-[\w/-]+)$/.test(entry)) break;
    n++;
  }
  return n;
}

/** SLURM_STEP_GPUS / SLURM_JOB_GPUS: comma-separated global GPU ids of the allocation ("" = none). */
function countIdList(value: string): number {
  return value.trim() === '' ? 0 : value.split(',').filter((e) => /^\s*\d+\s*$/.test(e)).length;
}

/**
 * CUDA_VISIBLE_DEVICES wins (it is what CUDA itself reads); without it, SLURM's step then job GPU lists
 * (set when the job has GPUs but the plugin left CUDA_VISIBLE_DEVICES alone); else every GPU the machine shows.
 */
export function visibleGpus(env: Readonly<Record<string, string | undefined>>, machineGpus: number): VisibleGpus {
  for (const name of ['CUDA_VISIBLE_DEVICES', 'SLURM_STEP_GPUS', 'SLURM_JOB_GPUS'] as const) {
    const value = env[name];
    if (value === undefined) continue;
    const count = name === 'CUDA_VISIBLE_DEVICES' ? countCudaVisible(value) : countIdList(value);
    return { count, from: `${name}=${JSON.stringify(value)}` };
  }
  return { count: machineGpus, from: `${machineGpus} GPU(s) on this machine` };
}

/** The device names "auto" stands for: every visible GPU, else the CPU. */
export function autoDevices(gpus: VisibleGpus): string[] {
  return gpus.count === 0 ? ['cpu'] : Array.from({ length: gpus.count }, (_, i) => `cuda:${i}`);
}
